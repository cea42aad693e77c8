package dev.shop.payment.payment;

/** Where a payment stands: {@code PENDING} until the provider's answer is certain, then final. */
public enum PaymentStatus {
    PENDING,
    SUCCEEDED,
    FAILED
}
