package dev.shop.payment.payment;

import dev.shop.common.lifecycle.PeriodicJob;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The gauge {@code shop.payment.needs.attention}: payments waiting for a person ({@code NEEDS_ATTENTION}), read from
 * the database every 30 s, so that the alert on it holds as long as one is waiting, across replicas.
 */
@Component
class PaymentsNeedingAttention extends PeriodicJob {

    private final PaymentRepository payments;
    private final AtomicLong waiting = new AtomicLong();

    PaymentsNeedingAttention(PaymentRepository payments, MeterRegistry meters) {
        super("count the payments that need attention", Duration.ZERO, Duration.ofSeconds(30));
        this.payments = payments;
        Gauge.builder("shop.payment.needs.attention", waiting, AtomicLong::get)
                .description(
                        "Payments the service could not settle without risking a second charge; a person" + " decides")
                .register(meters);
    }

    /** Reads the count now; emits it. */
    Mono<Long> refresh() {
        return payments.countNeedingAttention().doOnNext(waiting::set);
    }

    @Override
    protected Mono<Long> runOnce() {
        return refresh();
    }
}
