package dev.shop.cart.order;

/**
 * One entry of an order's history as its event stream sends it.
 *
 * @param seq the entry's number in the order's history, from 1: the event's id, which a client resuming the stream
 *     sends back as {@code Last-Event-ID}
 */
public record OrderEvent(int seq, StateChange change) {

    /** Whether the order reached a state the saga does not move it on from: its stream ends with this event. */
    public boolean isFinal() {
        return !change.status().open();
    }
}
