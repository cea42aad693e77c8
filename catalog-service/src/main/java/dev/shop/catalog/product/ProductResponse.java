package dev.shop.catalog.product;

import dev.shop.common.events.Money;
import java.util.UUID;

/**
 * A product on the wire, and the JSON the cache holds.
 *
 * @param category the category's slug
 * @param stock available units: on hand minus reserved
 * @param version the ETag, {@code "<version>"}
 */
public record ProductResponse(
        UUID id,
        String sku,
        String name,
        String description,
        String category,
        Money price,
        int stock,
        boolean active,
        long version) {

    public static ProductResponse of(Product product) {
        return new ProductResponse(
                product.id(),
                product.sku(),
                product.name(),
                product.description(),
                product.category(),
                product.price(),
                product.available(),
                product.active(),
                product.version());
    }
}
