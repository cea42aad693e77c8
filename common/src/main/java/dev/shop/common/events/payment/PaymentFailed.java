package dev.shop.common.events.payment;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.shop.common.events.ShopEvent;
import java.util.Objects;
import java.util.UUID;

/** The payment for the order failed for good; nobody was charged. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PaymentFailed(UUID orderId, UUID paymentId, PaymentFailureReason reason) implements ShopEvent {

    public PaymentFailed {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(paymentId, "paymentId");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String key() {
        return orderId.toString();
    }
}
