package dev.shop.cart.order;

import dev.shop.common.events.cart.CancellationReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Meters of order state changes: {@code shop.orders.transitions} (a counter per state reached and reason) and
 * {@code shop.orders.settlement} (a timer from placement to the final state, per final state and reason). They are
 * recorded when a change is saved inside its transaction, so a transaction that rolls back afterwards leaves a count
 * too many; the gauge {@code shop.orders} (read from the database) is the exact figure.
 */
@Component
public class OrderMetrics {

    private static final Duration[] SETTLEMENT_BUCKETS = {
        Duration.ofSeconds(1),
        Duration.ofSeconds(2),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        Duration.ofMinutes(1),
        Duration.ofMinutes(5),
        Duration.ofMinutes(15),
        Duration.ofMinutes(30)
    };

    private final MeterRegistry meters;

    OrderMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    void changed(Order before, Order after) {
        if (before.status() == after.status()) {
            return; // only the payment status changed (a charge or refund of a cancelled order)
        }
        String reason = reason(after.cancellationReason());
        Counter.builder("shop.orders.transitions")
                .description("Order state changes, by the state reached")
                .tag("status", after.status().name())
                .tag("reason", reason)
                .register(meters)
                .increment();
        if (before.status().open() && !after.status().open()) {
            Timer.builder("shop.orders.settlement")
                    .description("Time from placing an order to its first final state")
                    .tag("status", after.status().name())
                    .tag("reason", reason)
                    // a few buckets from seconds (paid at once) to the saga's timeout, for p50/p99 across replicas
                    .serviceLevelObjectives(SETTLEMENT_BUCKETS)
                    .register(meters)
                    .record(Duration.between(after.placedAt(), after.updatedAt()));
        }
    }

    private static String reason(@Nullable CancellationReason reason) {
        return reason == null ? "none" : reason.name();
    }
}
