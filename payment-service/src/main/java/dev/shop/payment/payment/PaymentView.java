package dev.shop.payment.payment;

import dev.shop.common.events.Money;
import dev.shop.common.events.payment.PaymentFailureReason;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A payment as its owner and admins see it. Card data never reaches the service: {@code paymentMethod} is the
 * provider's payment-method id.
 *
 * @param userId the order's owner (the {@code sub} of the customer's token at checkout)
 * @param refundPending a full refund is owed and is being retried
 * @param completedAt when it succeeded, failed or was cancelled
 */
public record PaymentView(
        UUID id,
        UUID orderId,
        String userId,
        Money amount,
        PaymentStatus status,
        @Nullable PaymentFailureReason failureReason,
        String paymentMethod,
        @Nullable String providerPaymentIntentId,
        @Nullable String providerRefundId,
        boolean refundPending,
        Instant createdAt,
        @Nullable Instant completedAt,
        @Nullable Instant refundedAt) {}
