package dev.shop.payment.payment;

import dev.shop.common.tracing.InTrace;
import io.micrometer.observation.Observation;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
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
 * another instance). On shutdown the queue takes nothing more, what waits in it is not started, and the attempts under
 * way finish within the shutdown phase's timeout; what is still running then is cancelled, and its lease lets another
 * worker take it later.
 */
@Component
class FirstAttempts implements SmartLifecycle, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(FirstAttempts.class);

    private record Due(UUID paymentId, @Nullable Observation observation) {}

    /** The longest an emission waits for another thread's to end. */
    private static final Duration CONTENDED = Duration.ofMillis(100);

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
     * @param queued at most this many wait (Reactor's bounded queue: rounded up to a power of two, at least 8)
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
     * Never waits longer than another thread's offer takes.
     */
    boolean offer(UUID paymentId, @Nullable Observation observation) {
        var result = emit(() -> queue.tryEmitNext(new Due(paymentId, observation)));
        if (result.isFailure()) {
            log.debug("Payment {}: first attempt not queued ({}); the sweep takes it up", paymentId, result);
            return false;
        }
        return true;
    }

    /**
     * Tries an emission again while another thread emits at the same instant (the sink takes one at a time), for
     * {@link #CONTENDED} at most: that thread may be handing an attempt to the drain, which starts it on its way.
     */
    private static Sinks.EmitResult emit(Supplier<Sinks.EmitResult> emission) {
        var result = emission.get();
        long deadline = System.nanoTime() + CONTENDED.toNanos();
        while (result == Sinks.EmitResult.FAIL_NON_SERIALIZED && System.nanoTime() < deadline) {
            result = emission.get();
        }
        return result;
    }

    private Mono<Void> attempt(Due due) {
        // the attempt continues the request's trace (its log lines and the provider call carry the trace id), but not
        // the listener's transaction, which is over by then: only the observation goes along
        // once stopping, what still waits in the queue is left to the sweep: it is pending and due in the database
        return Mono.defer(() -> running ? processIfDue.apply(due.paymentId()) : Mono.<Void>empty())
                .onErrorResume(e -> InTrace.run(
                        () -> log.warn("First attempt at payment {} failed; it will be retried", due.paymentId(), e)))
                .contextWrite(context -> due.observation() == null
                        ? context
                        : context.put(ObservationThreadLocalAccessor.KEY, due.observation()));
    }

    @Override
    public void start() {
        running = true;
        worker = queue.asFlux()
                .flatMap(this::attempt, concurrency)
                .doFinally(signal -> drained.tryEmitEmpty())
                .subscribe(
                        null, e -> log.error("The drain of first attempts stopped; the sweep takes every payment", e));
    }

    /**
     * Takes nothing more and reports stopped once the attempts under way end. It stops before the Kafka bindings
     * (the default phase, the highest): a payment requested meanwhile finds the queue closed and is left to the sweep,
     * and the outbox relay, which stops later, still publishes the outcomes of the attempts that finish.
     */
    @Override
    public void stop(Runnable callback) {
        running = false;
        if (worker == null) {
            callback.run(); // never started: nothing under way
            return;
        }
        var closed = emit(queue::tryEmitComplete);
        if (closed.isFailure() && closed != Sinks.EmitResult.FAIL_TERMINATED) {
            log.warn("The queue of first attempts did not close ({}); stopping without waiting", closed);
            callback.run();
            return;
        }
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
