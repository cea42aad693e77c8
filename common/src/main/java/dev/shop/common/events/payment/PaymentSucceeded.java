package dev.shop.common.events.payment;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.shop.common.events.Money;
import dev.shop.common.events.ShopEvent;
import java.util.Objects;
import java.util.UUID;

/** The provider charged {@code amount} for the order; published once per payment. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PaymentSucceeded(UUID orderId, UUID paymentId, Money amount) implements ShopEvent {

    public PaymentSucceeded {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(paymentId, "paymentId");
        Objects.requireNonNull(amount, "amount");
    }

    @Override
    public String key() {
        return orderId.toString();
    }
}
