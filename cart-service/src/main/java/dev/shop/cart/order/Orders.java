package dev.shop.cart.order;

import dev.shop.cart.mail.OrderMails;
import dev.shop.common.events.cart.OrderCancelled;
import dev.shop.common.events.cart.OrderPlaced;
import dev.shop.common.outbox.OutboxWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The orders of customers: placing one (for checkout, inside its transaction), reading one's own, cancelling. Every
 * state change is saved with its history entries, its event and the mail it calls for in one transaction.
 */
@Service
public class Orders {

    private final OrderRepository orders;
    private final OutboxWriter outbox;
    private final TransactionalOperator transactions;
    private final Clock clock;
    private final OrderMetrics metrics;
    private final OrderMails mails;

    Orders(
            OrderRepository orders,
            OutboxWriter outbox,
            TransactionalOperator transactions,
            Clock clock,
            OrderMetrics metrics,
            OrderMails mails) {
        this.metrics = metrics;
        this.mails = mails;
        this.orders = orders;
        this.outbox = outbox;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** The time of a state change, at PostgreSQL's precision so that a read gives back what was written. */
    public Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** Stores a new order and appends {@link OrderPlaced}; must run inside the caller's transaction. */
    public Mono<Order> place(Order order) {
        var placed = new OrderPlaced(
                order.id(),
                order.customerId(),
                order.lines().stream()
                        .map(line -> new OrderPlaced.Line(
                                line.productId(), line.sku(), line.name(), line.quantity(), line.unitPrice()))
                        .toList(),
                order.total());
        return orders.insert(order).then(outbox.append(placed)).thenReturn(order);
    }

    /**
     * The customer's order.
     *
     * @throws OrderNotFound when it does not exist or is someone else's
     */
    public Mono<Order> owned(UUID id, String customerId) {
        return orders.findOwned(id, customerId).switchIfEmpty(Mono.error(() -> new OrderNotFound(id)));
    }

    public Mono<OrderPage> page(String customerId, int page, int size) {
        return Mono.zip(orders.findPage(customerId, page, size).collectList(), orders.count(customerId))
                .map(both -> OrderPage.of(both.getT1(), page, size, both.getT2()));
    }

    /**
     * The customer cancels their order: {@code CANCELLED/CUSTOMER_CANCELLED} and {@link OrderCancelled}, so that
     * catalog releases the stock it holds. Cancelling a cancelled order answers it as it is.
     *
     * @throws OrderNotFound when it does not exist or is someone else's
     * @throws OrderNotCancellable once it is paid
     */
    public Mono<Order> cancel(UUID id, String customerId) {
        return orders.lockOwned(id, customerId)
                .switchIfEmpty(Mono.error(() -> new OrderNotFound(id)))
                .flatMap(before -> before.cancelledByCustomer(now())
                        .map(after -> save(before, after)
                                .then(outbox.append(
                                        new OrderCancelled(id, Objects.requireNonNull(after.cancellationReason()))))
                                .thenReturn(after))
                        .orElseGet(() -> Mono.just(before)))
                .as(transactions::transactional);
    }

    /** Any customer's order, locked until the caller's transaction ends; empty when there is no such order. */
    public Mono<Order> lockForChange(UUID id) {
        return orders.lock(id);
    }

    /**
     * Ids of up to {@code limit} open orders placed before {@code cutoff}, locked until the caller's transaction ends;
     * orders locked by others are skipped (another replica's job has them, or an event is changing them).
     */
    public Flux<UUID> lockOpenPlacedBefore(Instant cutoff, int limit) {
        return orders.lockOpenPlacedBefore(cutoff, limit);
    }

    public Mono<Map<OrderStatus, Long>> countByStatus() {
        return orders.countByStatus();
    }

    /**
     * Saves a change of an order locked with {@link #lockForChange} (or {@link #cancel}) in the caller's transaction:
     * the new state, the new history entries and the mail of a confirmed, cancelled or refunded order.
     */
    public Mono<Void> save(Order before, Order after) {
        return orders.update(before, after)
                .then(mails.changed(before, after))
                .then(Mono.fromRunnable(() -> metrics.changed(before, after)));
    }
}
