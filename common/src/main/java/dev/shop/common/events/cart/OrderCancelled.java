package dev.shop.common.events.cart;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.shop.common.events.ShopEvent;
import java.util.Objects;
import java.util.UUID;

/** The order was cancelled; catalog releases any reservation it holds for it. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OrderCancelled(UUID orderId, CancellationReason reason) implements ShopEvent {

    public OrderCancelled {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String key() {
        return orderId.toString();
    }
}
