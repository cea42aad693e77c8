package dev.shop.cart.product;

import dev.shop.common.events.Money;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A product as the catalog last announced it. A tombstone (a deletion seen before any upsert) has no sku, name or
 * price.
 *
 * @param availableStock the catalog's available units when it last announced the product; informative only: catalog
 *     decides at reservation
 * @param version the catalog's version; only a newer one replaces this
 * @param imageUrl the thumbnail of its main image, a path under the shop's address; null: none
 */
public record CatalogProduct(
        UUID id,
        @Nullable String sku,
        @Nullable String name,
        @Nullable Money price,
        int availableStock,
        boolean active,
        boolean deleted,
        long version,
        @Nullable String imageUrl) {

    /** Whether a customer may put it in a cart and buy it: known, active, not deleted, in the shop's currency. */
    public boolean purchasable(String shopCurrency) {
        return active
                && !deleted
                && sku != null
                && name != null
                && price != null
                && price.currency().equals(shopCurrency);
    }
}
