package dev.shop.cart.cart;

import dev.shop.common.events.Money;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A customer's cart at the read model's current prices.
 *
 * @param lines in the order they were first added
 * @param total the sum of the available lines, in the shop's currency
 */
public record Cart(String customerId, List<CartLine> lines, Money total) {

    public Cart {
        Objects.requireNonNull(customerId, "customerId");
        lines = List.copyOf(lines);
        Objects.requireNonNull(total, "total");
    }

    static Cart of(String customerId, List<CartLine> lines, Money zero) {
        Money total = zero;
        for (CartLine line : lines) {
            Money lineTotal = line.lineTotal();
            if (lineTotal != null) {
                total = total.plus(lineTotal);
            }
        }
        return new Cart(customerId, lines, total);
    }

    public boolean isEmpty() {
        return lines.isEmpty();
    }

    /** The products of lines that can no longer be bought. */
    public List<UUID> unavailableProducts() {
        return lines.stream()
                .filter(line -> !line.available())
                .map(CartLine::productId)
                .toList();
    }
}
