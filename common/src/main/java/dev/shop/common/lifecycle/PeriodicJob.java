package dev.shop.common.lifecycle;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Work a service does every {@code interval} while it runs (clean-ups, gauges, timeouts, sweeps). A job that waits for
 * rows can also be woken: when {@link #wakeUps()} signals (a database notification), and when the work it found due
 * later comes due ({@link #nextWorkIn()}, asked after each run); its interval is then only a safety net. One run at a
 * time: ticks and wake-ups that come while a run is going fold into one more run right after it, never into a queue.
 * A failed run is logged and tried again at the next tick or wake-up. A subclass is a Spring bean; the application
 * context starts and stops it.
 */
public abstract class PeriodicJob implements SmartLifecycle {

    /** The soonest a planned run follows the run before: work due but held elsewhere is not spun on. */
    private static final Duration LEAST_PAUSE = Duration.ofMillis(50);

    private final Logger log = LoggerFactory.getLogger(getClass());
    private final String what;
    private final Duration initialDelay;
    private final Duration interval;
    private volatile Disposable running = () -> {};
    private volatile boolean started;

    /**
     * @param what the work, for the log line of a failed run: "Could not {what}; next try in {interval}"
     * @param initialDelay from start to the first run
     * @param interval between the starts of two runs
     */
    protected PeriodicJob(String what, Duration initialDelay, Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("The interval to " + what + " must be positive, not " + interval);
        }
        this.what = what;
        this.initialDelay = initialDelay;
        this.interval = interval;
    }

    /** One run of the work; its value, if any, is ignored. */
    protected abstract Mono<?> runOnce();

    /**
     * Signals that there may be work before the next tick; subscribed to once per start. None by default: the job runs
     * at its interval only.
     */
    protected Flux<?> wakeUps() {
        return Flux.empty();
    }

    /**
     * Asked after each run that did not fail: how long until the next work the job knows of is due (zero: due now); it
     * runs then (no sooner than 50 ms after the run), unless a later answer replaces the plan. Empty by default: nothing
     * planned.
     */
    protected Mono<Duration> nextWorkIn() {
        return Mono.empty();
    }

    @Override
    public void start() {
        Sinks.Many<Duration> plans = Sinks.many().multicast().directBestEffort();
        var planned = plans.asFlux().switchMap(Mono::delay);
        // the ticks last: the plan and the wake-ups are listened to before a first run can come
        running = Flux.<Object>merge(planned, Flux.defer(this::wakeUps), Flux.interval(initialDelay, interval))
                .onBackpressureLatest()
                .concatMap(
                        signal -> Mono.defer(this::runOnce)
                                .then(Mono.defer(this::nextWorkIn))
                                .doOnNext(
                                        wait -> plans.tryEmitNext(wait.compareTo(LEAST_PAUSE) < 0 ? LEAST_PAUSE : wait))
                                .then()
                                .onErrorResume(e -> {
                                    log.warn("Could not {}; next try in {}", what, interval, e);
                                    return Mono.empty();
                                }),
                        0)
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
