package dev.shop.common.events.catalog;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.shop.common.events.ShopEvent;
import java.util.Objects;
import java.util.UUID;

/** A product was removed from the catalog; {@code version} orders it after the product's last upsert. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ProductDeleted(UUID productId, long version) implements ShopEvent {

    public ProductDeleted {
        Objects.requireNonNull(productId, "productId");
    }

    @Override
    public String key() {
        return productId.toString();
    }
}
