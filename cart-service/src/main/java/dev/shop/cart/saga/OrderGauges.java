package dev.shop.cart.saga;

import dev.shop.cart.CartProperties;
import dev.shop.cart.order.OrderStatus;
import dev.shop.cart.order.Orders;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The gauge {@code shop.orders{status=...}}: how many orders are in each state, counted in the database every
 * {@code cart.saga.metrics-refresh} (one {@code group by} over the orders). Read from the database, it is the same on
 * every replica and survives restarts, which counters in memory would not.
 */
@Component
class OrderGauges implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OrderGauges.class);

    private final Orders orders;
    private final Duration refresh;
    private final Map<OrderStatus, AtomicLong> counts = new EnumMap<>(OrderStatus.class);
    private volatile Disposable running = () -> {};
    private volatile boolean started;

    OrderGauges(Orders orders, CartProperties properties, MeterRegistry meters) {
        this.orders = orders;
        this.refresh = properties.saga().metricsRefresh();
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
    public void start() {
        running = Flux.interval(Duration.ZERO, refresh)
                .onBackpressureDrop()
                .concatMap(tick -> orders.countByStatus()
                        .doOnNext(byStatus ->
                                counts.forEach((status, count) -> count.set(byStatus.getOrDefault(status, 0L))))
                        .onErrorResume(e -> {
                            log.warn("Could not count orders by state; next try in {}", refresh, e);
                            return Mono.empty();
                        }))
                .subscribe();
        started = true;
    }

    @Override
    public void stop() {
        running.dispose();
        started = false;
    }

    @Override
    public boolean isRunning() {
        return started;
    }
}
