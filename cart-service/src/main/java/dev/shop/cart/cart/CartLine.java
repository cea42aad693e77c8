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
 * @param addedUnitAmount the product's unit price (minor units of its currency) when the line was added; absent for
 *     lines added before the cart kept it
 * @param product the read model's row; absent if it has none (cannot happen for a line added through the API)
 * @param available whether the product can still be bought; an unavailable line counts for nothing in the total and
 *     blocks checkout until the customer removes it
 */
public record CartLine(
        UUID productId,
        int quantity,
        Instant addedAt,
        @Nullable Long addedUnitAmount,
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

    /** The unit price when the line was added, in the product's currency; absent if unknown. */
    public @Nullable Money priceWhenAdded() {
        Money price = unitPrice();
        return price == null || addedUnitAmount == null ? null : new Money(addedUnitAmount, price.currency());
    }

    /** Whether the product's price differs from the one it had when the line was added. */
    public boolean priceChanged() {
        Money now = unitPrice();
        return now != null && addedUnitAmount != null && now.amount() != addedUnitAmount;
    }
}
