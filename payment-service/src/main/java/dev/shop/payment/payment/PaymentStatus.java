package dev.shop.payment.payment;

/**
 * Where a payment stands: {@code PENDING} until the provider's answer is certain, then {@code SUCCEEDED} or
 * {@code FAILED}; {@code CANCELLED} when its order was cancelled before anything could be charged; {@code REFUNDED}
 * once a succeeded payment was given back in full.
 */
public enum PaymentStatus {
    PENDING,
    SUCCEEDED,
    FAILED,
    CANCELLED,
    REFUNDED
}
