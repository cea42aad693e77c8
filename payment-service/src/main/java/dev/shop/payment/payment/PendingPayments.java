package dev.shop.payment.payment;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Every {@code poll-interval}, takes the pending payments that are due (postponed ones whose backoff ended, and those
 * whose worker died: its lease ended) and attempts them, and likewise the refunds that are owed. Safe with several replicas: each takes its payments with
 * {@code for update skip locked} and holds them by a lease.
 */
@Component
class PendingPayments implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PendingPayments.class);

    private final PaymentRepository payments;
    private final PaymentProcessor processor;
    private final Refunds refunds;
    private final ProcessingProperties properties;
    private @Nullable Disposable sweeping;

    PendingPayments(
            PaymentRepository payments, PaymentProcessor processor, Refunds refunds, ProcessingProperties properties) {
        this.payments = payments;
        this.processor = processor;
        this.refunds = refunds;
        this.properties = properties;
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
    public synchronized void start() {
        if (sweeping != null) {
            return;
        }
        sweeping = Flux.interval(properties.pollInterval())
                .onBackpressureDrop() // a sweep that runs long skips ticks instead of queueing them
                .concatMap(tick -> sweep().onErrorResume(e -> {
                    log.warn("Sweeping pending payments failed; trying again at the next tick", e);
                    return Mono.just(0L);
                }))
                .subscribe();
    }

    @Override
    public synchronized void stop() {
        var running = sweeping;
        sweeping = null;
        if (running != null) {
            running.dispose();
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return sweeping != null;
    }
}
