package dev.shop.common.events.catalog;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.shop.common.events.ShopEvent;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/** Stock for every line of an order was reserved (all or nothing). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StockReserved(UUID orderId, List<Line> lines) implements ShopEvent {

    public StockReserved {
        Objects.requireNonNull(orderId, "orderId");
        lines = List.copyOf(lines);
    }

    @Override
    public String key() {
        return orderId.toString();
    }

    /** A reserved quantity of one product. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Line(UUID productId, int quantity) {

        public Line {
            Objects.requireNonNull(productId, "productId");
        }
    }
}
