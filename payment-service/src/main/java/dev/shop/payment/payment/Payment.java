package dev.shop.payment.payment;

import dev.shop.common.events.Money;
import dev.shop.common.events.payment.PaymentFailureReason;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One order's payment as stored.
 *
 * @param intentId the provider's PaymentIntent, once created
 * @param createKeyGeneration which idempotency key creating the intent uses now (see {@link #createKey()})
 * @param confirmKeyGeneration which idempotency key confirming it uses now
 * @param attempts how many times a worker took it up
 * @param cancelRequested its order was cancelled
 * @param refundKeyGeneration which idempotency key the refund uses now
 */
record Payment(
        UUID id,
        UUID orderId,
        String userId,
        Money amount,
        String paymentMethod,
        PaymentStatus status,
        @Nullable PaymentFailureReason failureReason,
        @Nullable String intentId,
        int createKeyGeneration,
        int confirmKeyGeneration,
        int attempts,
        Instant createdAt,
        boolean cancelRequested,
        int refundKeyGeneration) {

    /**
     * The idempotency key for creating the order's PaymentIntent: derived from the order, so every instance and every
     * restart asks the same; a new generation only once the provider has kept a 5xx as this key's answer.
     */
    String createKey() {
        return "order-" + orderId + "-create-" + createKeyGeneration;
    }

    String confirmKey() {
        return "order-" + orderId + "-confirm-" + confirmKeyGeneration;
    }

    /** The refund's key: one refund per payment, a new generation only after the provider kept a 5xx for it. */
    String refundKey() {
        return "payment-" + id + "-refund-" + refundKeyGeneration;
    }

    Payment withIntent(String intentId) {
        return new Payment(
                id,
                orderId,
                userId,
                amount,
                paymentMethod,
                status,
                failureReason,
                intentId,
                createKeyGeneration,
                confirmKeyGeneration,
                attempts,
                createdAt,
                cancelRequested,
                refundKeyGeneration);
    }
}
