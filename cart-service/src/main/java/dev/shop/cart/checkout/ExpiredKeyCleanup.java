package dev.shop.cart.checkout;

import dev.shop.cart.CartProperties;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Deletes idempotency keys past their retention now and then. Lookups already ignore them; this only keeps the table
 * small. Several replicas may run it at once: a delete is harmless twice.
 */
@Component
class ExpiredKeyCleanup implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ExpiredKeyCleanup.class);

    private final IdempotencyKeys keys;
    private final Clock clock;
    private final Duration retention;
    private final Duration interval;
    private volatile Disposable running = () -> {};
    private volatile boolean started;

    ExpiredKeyCleanup(IdempotencyKeys keys, Clock clock, CartProperties properties) {
        this.keys = keys;
        this.clock = clock;
        this.retention = properties.checkout().keyRetention();
        this.interval = properties.checkout().keyCleanupInterval();
    }

    @Override
    public void start() {
        running = Flux.interval(Duration.ZERO, interval)
                .onBackpressureDrop()
                .concatMap(tick -> keys.deleteExpired(clock.instant().minus(retention))
                        .doOnNext(deleted -> {
                            if (deleted > 0) {
                                log.info("Deleted {} idempotency keys older than {}", deleted, retention);
                            }
                        })
                        .onErrorResume(e -> {
                            log.warn("Could not delete expired idempotency keys; next try in {}", interval, e);
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
