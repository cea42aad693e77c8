package dev.shop.cart.saga;

import dev.shop.cart.order.Order;
import dev.shop.cart.order.OrderStatus;
import dev.shop.cart.order.Orders;
import dev.shop.common.events.EventMetadata;
import dev.shop.common.events.cart.CancellationReason;
import dev.shop.common.events.cart.OrderCancelled;
import dev.shop.common.events.cart.OrderConfirmed;
import dev.shop.common.events.cart.PaymentRequested;
import dev.shop.common.events.payment.PaymentSucceeded;
import dev.shop.common.outbox.OutboxWriter;
import dev.shop.common.tracing.InTrace;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * What the saga does when something happens to an order. Each step locks the order, asks the order's guarded method
 * whether the event changes anything, and if so saves the change, its history entry and the events it causes in one
 * transaction (the consumer's, which also records the event's id). An event that changes nothing — a duplicate, a late
 * or out-of-order one — leaves no trace but the consumed id.
 */
@Service
public class OrderSaga {

    private static final Logger log = LoggerFactory.getLogger(OrderSaga.class);

    private final Orders orders;
    private final OutboxWriter outbox;
    private final TransactionalOperator transactions;
    private final String group;
    private final Counter amountMismatches;

    OrderSaga(
            Orders orders,
            OutboxWriter outbox,
            TransactionalOperator transactions,
            @Value("${shop.events.group:${spring.application.name}}") String group,
            MeterRegistry meters) {
        this.group = group;
        this.amountMismatches = Counter.builder("shop.orders.payment.amount.mismatch")
                .description("Payments that succeeded for another amount than their order's total; the order is"
                        + " cancelled, the charge refunded and the event dead-lettered")
                .register(meters);
        this.orders = orders;
        this.outbox = outbox;
        this.transactions = transactions;
    }

    /** catalog reserved every line: {@code AWAITING_PAYMENT}, and payment-service is asked to charge the total. */
    public Mono<Void> stockReserved(UUID orderId) {
        return change(
                orderId,
                "StockReserved",
                Order::stockReserved,
                order -> outbox.append(new PaymentRequested(
                                order.id(), order.customerId(), order.total(), order.paymentMethod()))
                        .then());
    }

    /** catalog could not reserve every line: {@code CANCELLED/OUT_OF_STOCK}. */
    public Mono<Void> stockRejected(UUID orderId) {
        return change(orderId, "StockRejected", Order::stockRejected, this::cancelled);
    }

    /**
     * The charge succeeded: an order awaiting payment is {@code CONFIRMED} and {@code OrderConfirmed} goes out (its
     * confirmation mail is recorded by {@link Orders#save}, as every order mail is). An order that was cancelled meanwhile (timed out, cancelled by the customer) stays
     * cancelled and only records that it was charged: payment-service refunds a payment of a cancelled order on its
     * side, cart-service must only never confirm it.
     *
     * <p>A charge of another amount than the order's total never confirms it: the order is cancelled
     * ({@code PAYMENT_AMOUNT_MISMATCH}, so payment-service refunds the charge) and the event goes to the dead-letter
     * topic with the mismatch, for a person to find out how it happened; {@code shop.orders.payment.amount.mismatch}
     * counts it and an alert fires.
     */
    public Mono<Void> paymentSucceeded(PaymentSucceeded event, EventMetadata metadata) {
        return change(
                event.orderId(),
                "PaymentSucceeded",
                (order, at) -> order.paymentSucceeded(event.amount(), at),
                order -> {
                    if (order.status() == OrderStatus.CONFIRMED) {
                        return outbox.append(new OrderConfirmed(order.id(), order.customerId(), order.total()))
                                .then();
                    }
                    if (order.cancellationReason() == CancellationReason.PAYMENT_AMOUNT_MISMATCH) {
                        return amountMismatch(order, event, metadata);
                    }
                    log.warn(
                            "Order {} was charged while {} ({}); it stays cancelled and payment-service refunds it",
                            order.id(),
                            order.status(),
                            order.cancellationReason());
                    return Mono.empty();
                });
    }

    private Mono<Void> amountMismatch(Order order, PaymentSucceeded event, EventMetadata metadata) {
        String failure = "Order " + order.id() + " of " + order.total().amount() + " "
                + order.total().currency()
                + " was charged " + event.amount().amount() + " "
                + event.amount().currency()
                + " (payment " + event.paymentId() + "): the order is cancelled and the charge refunded";
        return cancelled(order)
                .then(outbox.appendDeadLetter(event, metadata, group, PaymentAmountMismatch.class, failure))
                .then(InTrace.run(() -> {
                    amountMismatches.increment();
                    log.error(failure);
                }));
    }

    /** What a dead-lettered {@code PaymentSucceeded} of the wrong amount names as its failure. */
    static final class PaymentAmountMismatch extends RuntimeException {
        private PaymentAmountMismatch() {}
    }

    /** The charge was declined or failed: {@code CANCELLED} with that reason. */
    public Mono<Void> paymentFailed(UUID orderId, CancellationReason reason) {
        return change(orderId, "PaymentFailed", (order, at) -> order.paymentFailed(reason, at), this::cancelled);
    }

    /** The charge was refunded: a confirmed order becomes {@code REFUNDED}. */
    public Mono<Void> paymentRefunded(UUID orderId) {
        return change(orderId, "PaymentRefunded", Order::refunded, order -> Mono.empty());
    }

    /** Nothing settled the order in time: {@code CANCELLED/TIMED_OUT}, if it is still open. */
    public Mono<Void> timedOut(UUID orderId) {
        return change(orderId, "timeout", Order::timedOut, this::cancelled);
    }

    private Mono<Void> cancelled(Order order) {
        return outbox.append(new OrderCancelled(order.id(), Objects.requireNonNull(order.cancellationReason())))
                .then();
    }

    private Mono<Void> change(
            UUID orderId,
            String what,
            BiFunction<Order, Instant, Optional<Order>> transition,
            Function<Order, Mono<Void>> effects) {
        return orders.lockForChange(orderId)
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .flatMap(found -> InTrace.defer(() -> {
                    if (found.isEmpty()) {
                        // the order and its OrderPlaced are committed together, so an event about an order that is
                        // not here is not early: it is about an order this service never had. Nothing to wait for.
                        log.warn("{} for unknown order {}: ignored", what, orderId);
                        return Mono.empty();
                    }
                    Order before = found.get();
                    return transition
                            .apply(before, orders.now())
                            .map(after -> orders.save(before, after).then(effects.apply(after)))
                            .orElseGet(() -> {
                                log.debug("{} changes nothing for order {} ({})", what, orderId, before.status());
                                return Mono.empty();
                            });
                }))
                .as(transactions::transactional);
    }
}
