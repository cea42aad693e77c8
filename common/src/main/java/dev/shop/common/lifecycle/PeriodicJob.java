package dev.shop.common.lifecycle;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Work a service does every {@code interval} while it runs (clean-ups, gauges, timeouts). One run at a time: a tick
 * that comes while a run is still going is skipped, not queued. A failed run is logged and tried again at the next
 * tick. A subclass is a Spring bean; the application context starts and stops it.
 */
public abstract class PeriodicJob implements SmartLifecycle {

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

    @Override
    public void start() {
        running = Flux.interval(initialDelay, interval)
                .onBackpressureDrop()
                .concatMap(tick -> Mono.defer(this::runOnce).then().onErrorResume(e -> {
                    log.warn("Could not {}; next try in {}", what, interval, e);
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
