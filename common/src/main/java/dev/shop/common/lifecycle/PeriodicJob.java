package dev.shop.common.lifecycle;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.util.ClassUtils;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Work a service does every {@code interval} while it runs (clean-ups, gauges, timeouts, sweeps). A job that waits for
 * rows can also be woken: when {@link #wakeUps()} signals (a database notification), and when the work it found due
 * later comes due ({@link #nextWorkIn()}, asked after each run); its interval is then only a safety net. One run at a
 * time: ticks and wake-ups that come while a run is going fold into one more run right after it, never into a queue.
 * A failed run is logged (with its stack trace the first time in a row, in one line after that) and tried again after
 * a pause that doubles from 100 ms up to {@link #longestRetryPause()}; wake-ups meanwhile are ignored, so a database
 * or broker that is away is not hammered by every notification. Each run is observed ({@code shop.job}, tagged
 * with the job's class): a span of its own, so that the events it writes and the lines it logs carry a trace, and a
 * timer. A subclass is a Spring bean; the application context starts and stops it.
 */
public abstract class PeriodicJob implements SmartLifecycle {

    /** The soonest a planned run follows the run before: work due but held elsewhere is not spun on. */
    private static final Duration LEAST_PAUSE = Duration.ofMillis(50);

    /** The first pause after a failed run. */
    private static final Duration FIRST_RETRY = Duration.ofMillis(100);

    private static final Object WOKEN = new Object();

    private final Logger log = LoggerFactory.getLogger(getClass());
    private final String what;
    private final Duration initialDelay;
    private final Duration interval;
    private volatile ObservationRegistry observations = ObservationRegistry.NOOP;
    private volatile Disposable running = () -> {};
    private volatile boolean started;
    // set by a failed run, cleared when the next run begins
    private volatile boolean backingOff;
    private volatile Duration nextRetryPause = FIRST_RETRY;

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

    /** The registry the runs are observed with; without one they are not. */
    @Autowired(required = false)
    public void setObservationRegistry(ObservationRegistry observations) {
        this.observations = observations;
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

    /** The longest pause between failed runs; the interval by default. */
    protected Duration longestRetryPause() {
        return interval;
    }

    @Override
    public void start() {
        Sinks.Many<Duration> plans = Sinks.many().multicast().directBestEffort();
        var planned = plans.asFlux().switchMap(Mono::delay);
        // the ticks last: the plan and the wake-ups are listened to before a first run can come
        Flux<Object> woken = Flux.defer(this::wakeUps).map(signal -> WOKEN);
        running = Flux.<Object>merge(planned, woken, Flux.interval(initialDelay, interval))
                .onBackpressureLatest()
                // a wake-up is ignored while a failed run's pause lasts, also one held since the run that failed
                .filter(signal -> signal != WOKEN || !backingOff)
                .concatMap(
                        signal -> Mono.fromRunnable(() -> backingOff = false)
                                .then(observedRun())
                                .then(Mono.defer(this::nextWorkIn))
                                .doOnSuccess(wait -> {
                                    nextRetryPause = FIRST_RETRY;
                                    if (wait != null) {
                                        plans.tryEmitNext(wait.compareTo(LEAST_PAUSE) < 0 ? LEAST_PAUSE : wait);
                                    }
                                })
                                .then()
                                .onErrorResume(e -> {
                                    retryAfterFailure(plans, e);
                                    return Mono.empty();
                                }),
                        0)
                .subscribe();
        started = true;
    }

    private void retryAfterFailure(Sinks.Many<Duration> plans, Throwable failure) {
        var pause = nextRetryPause;
        var longest = longestRetryPause();
        nextRetryPause = pause.multipliedBy(2).compareTo(longest) > 0 ? longest : pause.multipliedBy(2);
        backingOff = true;
        if (pause.equals(FIRST_RETRY)) {
            log.warn("Could not {}; next try in {}", what, pause, failure);
        } else {
            log.warn("Could not {} again; next try in {}: {}", what, pause, failure.toString());
        }
        plans.tryEmitNext(pause);
    }

    /** {@link #runOnce()} in a span of its own: what the run writes and logs carries its trace. */
    private Mono<?> observedRun() {
        return Mono.defer(() -> {
            String job = ClassUtils.getUserClass(getClass()).getSimpleName();
            var observation = Observation.createNotStarted("shop.job", observations)
                    .contextualName(job)
                    .lowCardinalityKeyValue("job", job)
                    .start();
            return Mono.defer(this::runOnce)
                    .doOnError(observation::error)
                    .doFinally(signal -> observation.stop())
                    .contextWrite(context -> context.put(ObservationThreadLocalAccessor.KEY, observation));
        });
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
