package dev.shop.payment.payment;

import dev.shop.common.lifecycle.DatabaseNotifications;
import dev.shop.common.lifecycle.PeriodicJob;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Takes the pending payments that are due (postponed ones whose backoff ended, and those whose worker died: its lease
 * ended) and attempts them, and likewise the refunds that are owed. It sleeps until there is work: after each sweep
 * until the earliest next attempt it saw, sooner when the database says a payment came due earlier (a trigger on
 * {@code payment} notifies {@value #CHANNEL}: a postponement, a refund becoming owed), and at the latest after
 * {@code poll-interval}, the safety net. Safe with several replicas: each takes its payments with
 * {@code for update skip locked} and holds them by a lease.
 */
@Component
class PendingPayments extends PeriodicJob {

    /** The channel the trigger on {@code payment} notifies (migration V5). */
    static final String CHANNEL = "shop_payment_due";

    private final PaymentRepository payments;
    private final PaymentProcessor processor;
    private final Refunds refunds;
    private final ProcessingProperties properties;
    private final Flux<?> notified;

    PendingPayments(
            PaymentRepository payments,
            PaymentProcessor processor,
            Refunds refunds,
            ProcessingProperties properties,
            ObjectProvider<DatabaseNotifications> notifications) {
        super("sweep the pending payments", properties.pollInterval(), properties.pollInterval());
        this.payments = payments;
        this.processor = processor;
        this.refunds = refunds;
        this.properties = properties;
        this.notified = notifications.stream()
                .findFirst()
                .<Flux<?>>map(listener -> listener.on(CHANNEL))
                .orElse(Flux.empty());
    }

    /**
     * Takes the due payments once and attempts them, then the owed refunds that are due; completes when their attempts
     * are over.
     */
    Mono<Long> sweep() {
        var charges = payments.claimDue(properties.batchSize(), properties.lease())
                .flatMap(processor::attempt, properties.batchSize())
                .count();
        var owedRefunds = payments.claimDueRefunds(properties.batchSize(), properties.lease())
                .flatMap(refunds::attempt, properties.batchSize())
                .count();
        return charges.zipWith(owedRefunds, Long::sum);
    }

    @Override
    protected Mono<?> runOnce() {
        return sweep();
    }

    @Override
    protected Mono<Duration> nextWorkIn() {
        return payments.untilNextAttempt();
    }

    @Override
    protected Flux<?> wakeUps() {
        return notified;
    }
}
