package dev.shop.cart.cart;

import dev.shop.cart.product.CatalogProduct;
import dev.shop.common.events.Money;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A line of a cart: a quantity of a product, priced by the read model's current state of that product.
 *
 * @param product the read model's row; absent if it has none (cannot happen for a line added through the API)
 * @param available whether the product can still be bought; an unavailable line counts for nothing in the total and
 *     blocks checkout until the customer removes it
 */
public record CartLine(
        UUID productId,
        int quantity,
        Instant addedAt,
        @Nullable CatalogProduct product,
        boolean available) {

    public CartLine {
        Objects.requireNonNull(productId, "productId");
        Objects.requireNonNull(addedAt, "addedAt");
    }

    /** The current unit price, if the read model has one. */
    public @Nullable Money unitPrice() {
        return product == null ? null : product.price();
    }

    /** Quantity times the current price; absent for an unavailable line. */
    public @Nullable Money lineTotal() {
        Money price = unitPrice();
        return available && price != null ? price.times(quantity) : null;
    }
}
