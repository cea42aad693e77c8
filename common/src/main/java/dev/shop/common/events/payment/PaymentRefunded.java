package dev.shop.common.events.payment;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.shop.common.events.Money;
import dev.shop.common.events.ShopEvent;
import java.util.Objects;
import java.util.UUID;

/** {@code amount} of the order's payment was given back to the customer. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PaymentRefunded(UUID orderId, UUID paymentId, Money amount) implements ShopEvent {

    public PaymentRefunded {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(paymentId, "paymentId");
        Objects.requireNonNull(amount, "amount");
    }

    @Override
    public String key() {
        return orderId.toString();
    }
}
