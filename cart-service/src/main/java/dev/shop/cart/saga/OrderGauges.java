package dev.shop.cart.saga;

import dev.shop.cart.CartProperties;
import dev.shop.cart.order.OrderStatus;
import dev.shop.cart.order.Orders;
import dev.shop.common.lifecycle.PeriodicJob;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The gauge {@code shop.orders{status=...}}: how many orders are in each state, counted in the database every
 * {@code cart.saga.metrics-refresh} (one {@code group by} over the orders). Read from the database, it is the same on
 * every replica and survives restarts, which counters in memory would not.
 */
@Component
class OrderGauges extends PeriodicJob {

    private final Orders orders;
    private final Map<OrderStatus, AtomicLong> counts = new EnumMap<>(OrderStatus.class);

    OrderGauges(Orders orders, CartProperties properties, MeterRegistry meters) {
        super("count orders by state", Duration.ZERO, properties.saga().metricsRefresh());
        this.orders = orders;
        for (OrderStatus status : OrderStatus.values()) {
            var count = new AtomicLong();
            counts.put(status, count);
            Gauge.builder("shop.orders", count, AtomicLong::get)
                    .description("Orders in each state, as last counted in the database")
                    .tag("status", status.name())
                    .register(meters);
        }
    }

    @Override
    protected Mono<?> runOnce() {
        return orders.countByStatus()
                .doOnNext(byStatus -> counts.forEach((status, count) -> count.set(byStatus.getOrDefault(status, 0L))));
    }
}
