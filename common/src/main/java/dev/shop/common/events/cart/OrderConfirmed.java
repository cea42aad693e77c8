package dev.shop.common.events.cart;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.shop.common.events.Money;
import dev.shop.common.events.ShopEvent;
import java.util.Objects;
import java.util.UUID;

/** The order is paid; catalog turns its reservation into a sale. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OrderConfirmed(UUID orderId, String userId, Money total) implements ShopEvent {

    public OrderConfirmed {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(total, "total");
    }

    @Override
    public String key() {
        return orderId.toString();
    }
}
