package dev.shop.common.events.cart;

/** Why an order ended {@code CANCELLED}. */
public enum CancellationReason {
    OUT_OF_STOCK,
    PAYMENT_DECLINED,
    PAYMENT_FAILED,
    CUSTOMER_CANCELLED,
    TIMED_OUT,
    /** The payment succeeded for another amount than the order's total; the charge is refunded. */
    PAYMENT_AMOUNT_MISMATCH
}
