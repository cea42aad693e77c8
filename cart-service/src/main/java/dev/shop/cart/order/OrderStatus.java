package dev.shop.cart.order;

/** Where an order stands in the saga. A state never moves backwards; the last three are final. */
public enum OrderStatus {
    /** Placed at checkout; catalog has not answered the reservation yet. */
    PENDING,
    /** Stock is reserved; the payment is requested. */
    AWAITING_PAYMENT,
    /** Paid. */
    CONFIRMED,
    /** Paid, then refunded in full. */
    REFUNDED,
    /** Ended without a sale, with a reason. */
    CANCELLED;

    /** Whether the saga can still move the order on. */
    public boolean open() {
        return this == PENDING || this == AWAITING_PAYMENT;
    }
}
