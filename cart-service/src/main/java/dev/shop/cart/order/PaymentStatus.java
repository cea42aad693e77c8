package dev.shop.cart.order;

/** What the order knows of its payment, shown to the customer beside the status. */
public enum PaymentStatus {
    /** No payment asked for yet (stock not reserved). */
    NOT_REQUESTED,
    /** payment-service was asked to charge the order. */
    REQUESTED,
    /** The charge succeeded. */
    SUCCEEDED,
    /** The charge was declined or failed. */
    FAILED,
    /** The charge was refunded. */
    REFUNDED
}
