package dev.shop.common.events.catalog;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.shop.common.events.Money;
import dev.shop.common.events.ShopEvent;
import java.util.Objects;
import java.util.UUID;

/**
 * A product was created or changed. Carries the whole read model so consumers need no other call; {@code version}
 * grows with every change, so a consumer can drop an older event that arrives late.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ProductUpserted(
        UUID productId, String sku, String name, Money price, int availableStock, boolean active, long version)
        implements ShopEvent {

    public ProductUpserted {
        Objects.requireNonNull(productId, "productId");
        Objects.requireNonNull(sku, "sku");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(price, "price");
    }

    @Override
    public String key() {
        return productId.toString();
    }
}
