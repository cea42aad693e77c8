package dev.shop.cart.order;

import dev.shop.common.events.Money;
import java.util.Objects;
import java.util.UUID;

/** One product of an order at the price of the moment of checkout. */
public record OrderLine(UUID productId, String sku, String name, int quantity, Money unitPrice) {

    public OrderLine {
        Objects.requireNonNull(productId, "productId");
        Objects.requireNonNull(sku, "sku");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(unitPrice, "unitPrice");
        if (quantity < 1) {
            throw new IllegalArgumentException("quantity must be positive: " + quantity);
        }
    }

    public Money lineTotal() {
        return unitPrice.times(quantity);
    }
}
