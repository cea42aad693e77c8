package dev.shop.common.events.cart;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.shop.common.events.Money;
import dev.shop.common.events.ShopEvent;
import java.util.Objects;
import java.util.UUID;

/** Stock is reserved and the order awaits payment of {@code amount} with the customer's payment method. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PaymentRequested(UUID orderId, String userId, Money amount, String paymentMethod) implements ShopEvent {

    public PaymentRequested {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(paymentMethod, "paymentMethod");
    }

    @Override
    public String key() {
        return orderId.toString();
    }
}
