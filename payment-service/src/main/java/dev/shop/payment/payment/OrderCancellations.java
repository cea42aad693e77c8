package dev.shop.payment.payment;

import dev.shop.common.events.cart.OrderCancelled;
import dev.shop.common.tracing.InTrace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * {@code OrderCancelled}: the order will not be fulfilled, so its customer must not end up paying. Not charged yet and
 * no PaymentIntent: the payment is {@code CANCELLED} and never charged. Otherwise a success (already there, or still
 * to come) is refunded in full by {@link Refunds}. A payment that failed needs nothing.
 */
@Component
class OrderCancellations {

    private static final Logger log = LoggerFactory.getLogger(OrderCancellations.class);

    private final PaymentRepository payments;

    OrderCancellations(PaymentRepository payments) {
        this.payments = payments;
    }

    /** Runs inside the transaction that records the event's {@code ce_id}. */
    Mono<Void> cancelled(OrderCancelled event) {
        return payments.findByOrder(event.orderId())
                .flatMap(payment -> payments.change(payment, Payment::orderCancelled))
                .handle(InTrace.peek(change -> log.info(
                        "Order {} cancelled ({}); its payment is {}{}",
                        event.orderId(),
                        event.reason(),
                        change.after().status(),
                        change.after().owesRefund() ? " and will be refunded" : "")))
                .then();
    }
}
