package dev.shop.common.events.payment;

/** Why a payment failed: the card was declined, or the payment could not be completed for another reason. */
public enum PaymentFailureReason {
    PAYMENT_DECLINED,
    PAYMENT_FAILED
}
