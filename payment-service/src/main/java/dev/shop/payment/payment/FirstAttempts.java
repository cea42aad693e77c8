package dev.shop.payment.payment;

import dev.shop.common.tracing.InTrace;
import io.micrometer.observation.Observation;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

/**
 * The first attempt at each newly requested payment, apart from the Kafka listener that recorded it: a bounded queue
 * ({@code shop.payment.processing.first-attempts-queued}) drained by at most
 * {@code shop.payment.processing.first-attempts-concurrency} attempts at a time.
 *
 * <p>Nothing here can lose a payment: each one is pending and due in the database before it is offered. One that
 * finds the queue full, or still waits when the service stops, is taken up by {@link PendingPayments} (here or on
 * another instance). On shutdown the queue takes nothing more and the attempts under way finish, within the shutdown
 * phase's timeout; what is left then is cancelled, and its lease lets another worker take it later.
 */
@Component
class FirstAttempts implements SmartLifecycle, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(FirstAttempts.class);

    private record Due(UUID paymentId, @Nullable Observation observation) {}

    private final Function<UUID, Mono<Void>> processIfDue;
    private final int concurrency;
    private final Sinks.Many<Due> queue;
    private final Sinks.Empty<Void> drained = Sinks.empty();
    private @Nullable Disposable worker;
    private volatile boolean running;

    @Autowired
    FirstAttempts(PaymentProcessor processor, ProcessingProperties properties) {
        this(processor::processIfDue, properties.firstAttemptsConcurrency(), properties.firstAttemptsQueued());
    }

    /**
     * @param processIfDue one attempt at a payment, if it is due and nobody holds it
     * @param queued at most this many wait, rounded up to a power of two
     */
    FirstAttempts(Function<UUID, Mono<Void>> processIfDue, int concurrency, int queued) {
        this.processIfDue = processIfDue;
        this.concurrency = concurrency;
        this.queue = Sinks.many()
                .unicast()
                .onBackpressureBuffer(Queues.<Due>get(queued).get());
    }

    /**
     * Offers a payment's first attempt; false when the queue is full or closed (the sweep takes the payment up then).
     * Never waits.
     */
    boolean offer(UUID paymentId, @Nullable Observation observation) {
        var result = queue.tryEmitNext(new Due(paymentId, observation));
        while (result == Sinks.EmitResult.FAIL_NON_SERIALIZED) {
            // another thread offers at this instant: the sink takes one at a time, each only for a moment
            result = queue.tryEmitNext(new Due(paymentId, observation));
        }
        if (result.isFailure()) {
            log.debug("Payment {}: first attempt not queued ({}); the sweep takes it up", paymentId, result);
            return false;
        }
        return true;
    }

    private Mono<Void> attempt(Due due) {
        // the attempt continues the request's trace (its log lines and the provider call carry the trace id), but not
        // the listener's transaction, which is over by then: only the observation goes along
        return Mono.defer(() -> processIfDue.apply(due.paymentId()))
                .onErrorResume(e -> InTrace.run(
                        () -> log.warn("First attempt at payment {} failed; it will be retried", due.paymentId(), e)))
                .contextWrite(context -> due.observation() == null
                        ? context
                        : context.put(ObservationThreadLocalAccessor.KEY, due.observation()));
    }

    @Override
    public void start() {
        worker = queue.asFlux()
                .flatMap(this::attempt, concurrency)
                .doFinally(signal -> drained.tryEmitEmpty())
                .subscribe();
        running = true;
    }

    @Override
    public void stop(Runnable callback) {
        running = false;
        queue.tryEmitComplete();
        drained.asMono().doFinally(signal -> callback.run()).subscribe();
    }

    @Override
    public void stop() {
        stop(() -> {});
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public void destroy() {
        var subscription = worker;
        if (subscription != null) {
            subscription.dispose();
        }
    }
}
