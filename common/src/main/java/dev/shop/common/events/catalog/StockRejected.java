package dev.shop.common.events.catalog;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.shop.common.events.ShopEvent;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/** Stock for an order could not be reserved; nothing was reserved. Lists the products that fell short. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StockRejected(UUID orderId, List<RejectedLine> rejectedLines) implements ShopEvent {

    public StockRejected {
        Objects.requireNonNull(orderId, "orderId");
        rejectedLines = List.copyOf(rejectedLines);
    }

    @Override
    public String key() {
        return orderId.toString();
    }

    /** A product whose available stock was below the requested quantity. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RejectedLine(UUID productId, int requested, int available) {

        public RejectedLine {
            Objects.requireNonNull(productId, "productId");
        }
    }
}
