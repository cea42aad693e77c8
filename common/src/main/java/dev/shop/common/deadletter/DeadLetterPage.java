package dev.shop.common.deadletter;

import java.util.List;

/** One page of dead letters, newest first, in the contract's page envelope. */
public record DeadLetterPage(List<DeadLetter> items, int page, int size, long totalItems, long totalPages) {

    static DeadLetterPage of(List<DeadLetter> newestFirst, int page, int size) {
        int from = (int) Math.min((long) page * size, newestFirst.size());
        int to = Math.min(from + size, newestFirst.size());
        return new DeadLetterPage(
                newestFirst.subList(from, to), page, size, newestFirst.size(), (newestFirst.size() + size - 1) / size);
    }
}
