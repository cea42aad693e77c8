package dev.shop.common.deadletter;

import java.util.List;

/** One page of the replay audit, newest first, in the contract's page envelope. */
public record ReplayPage(List<Replay> items, int page, int size, long totalItems, long totalPages) {}
