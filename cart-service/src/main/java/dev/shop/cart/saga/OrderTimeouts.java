package dev.shop.cart.saga;

import dev.shop.cart.CartProperties;
import dev.shop.cart.order.Orders;
import dev.shop.common.lifecycle.PeriodicJob;
import java.time.Clock;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Cancels ({@code TIMED_OUT}) the orders that have no outcome {@code cart.saga.order-timeout} after they were placed.
 * Every {@code timeout-check-interval} it runs transactions of at most {@code timeout-batch-size} orders, each locking
 * its orders with {@code FOR UPDATE SKIP LOCKED}: replicas running the job at once take disjoint batches, and an order
 * that a consumer is changing right now is left for the next round (the order's own guard decides then). It stops
 * when a batch comes back short.
 */
@Component
class OrderTimeouts extends PeriodicJob {

    private static final Logger log = LoggerFactory.getLogger(OrderTimeouts.class);

    private final Orders orders;
    private final OrderSaga saga;
    private final TransactionalOperator transactions;
    private final Clock clock;
    private final CartProperties.Saga settings;

    OrderTimeouts(
            Orders orders, OrderSaga saga, TransactionalOperator transactions, Clock clock, CartProperties properties) {
        super(
                "cancel timed-out orders",
                properties.saga().timeoutCheckInterval(),
                properties.saga().timeoutCheckInterval());
        this.orders = orders;
        this.saga = saga;
        this.transactions = transactions;
        this.clock = clock;
        this.settings = properties.saga();
    }

    @Override
    protected Mono<Long> runOnce() {
        return cancelOverdue();
    }

    /** Cancels every overdue order, batch by batch; emits how many it cancelled. */
    Mono<Long> cancelOverdue() {
        return batch().expand(cancelled -> cancelled == settings.timeoutBatchSize() ? batch() : Mono.empty())
                // at most this many batches in one round, so that a flood of overdue orders cannot keep it busy for
                // ever; the next round goes on
                .take(100)
                .reduce(0L, Long::sum)
                .doOnNext(total -> {
                    if (total > 0) {
                        log.info("Cancelled {} orders without an outcome after {}", total, settings.orderTimeout());
                    }
                });
    }

    private Mono<Long> batch() {
        var cutoff = clock.instant().minus(settings.orderTimeout());
        return orders.lockOpenPlacedBefore(cutoff, settings.timeoutBatchSize())
                .concatMap((UUID id) -> saga.timedOut(id).thenReturn(1L))
                .count()
                .as(transactions::transactional);
    }
}
