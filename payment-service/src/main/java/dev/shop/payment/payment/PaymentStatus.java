package dev.shop.payment.payment;

/**
 * Where a payment stands: {@code PENDING} until the provider's answer is certain, then {@code SUCCEEDED} or
 * {@code FAILED}; {@code CANCELLED} when its order was cancelled before anything could be charged; {@code REFUNDED}
 * once a succeeded payment was given back in full; {@code NEEDS_ATTENTION} when the service cannot tell whether it
 * was charged (its intent is unknown to the provider, a search is not conclusive) and leaves it to a person rather
 * than charge again.
 */
public enum PaymentStatus {
    PENDING,
    SUCCEEDED,
    FAILED,
    CANCELLED,
    REFUNDED,
    NEEDS_ATTENTION
}
