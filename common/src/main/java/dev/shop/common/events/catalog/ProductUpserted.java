package dev.shop.common.events.catalog;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.shop.common.events.Money;
import dev.shop.common.events.ShopEvent;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A product was created or changed. Carries the whole read model so consumers need no other call; {@code version}
 * grows with every change, so a consumer can drop an older event that arrives late.
 *
 * @param imageUrl the thumbnail of the product's main image, a path under the shop's address
 *     ({@code /api/catalog/images/...}); null when it has no image (and in events written before images existed)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ProductUpserted(
        UUID productId,
        String sku,
        String name,
        Money price,
        int availableStock,
        boolean active,
        long version,
        @Nullable String imageUrl)
        implements ShopEvent {

    public ProductUpserted {
        Objects.requireNonNull(productId, "productId");
        Objects.requireNonNull(sku, "sku");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(price, "price");
    }

    /** A product without an image. */
    public ProductUpserted(
            UUID productId, String sku, String name, Money price, int availableStock, boolean active, long version) {
        this(productId, sku, name, price, availableStock, active, version, null);
    }

    @Override
    public String key() {
        return productId.toString();
    }
}
