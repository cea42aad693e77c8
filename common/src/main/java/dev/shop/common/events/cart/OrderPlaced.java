package dev.shop.common.events.cart;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.shop.common.events.Money;
import dev.shop.common.events.ShopEvent;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/** A customer checked out: the order exists ({@code PENDING}) with the prices of the moment of checkout. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OrderPlaced(UUID orderId, String userId, List<Line> lines, Money total) implements ShopEvent {

    public OrderPlaced {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(total, "total");
        lines = List.copyOf(lines);
    }

    @Override
    public String key() {
        return orderId.toString();
    }

    /** One ordered product at its unit price. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Line(UUID productId, String sku, String name, int quantity, Money unitPrice) {

        public Line {
            Objects.requireNonNull(productId, "productId");
            Objects.requireNonNull(sku, "sku");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(unitPrice, "unitPrice");
        }
    }
}
