package dev.shop.cart.checkout;

import dev.shop.cart.CartProperties;
import dev.shop.common.lifecycle.PeriodicJob;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Deletes idempotency keys past their retention now and then. Lookups already ignore them; this only keeps the table
 * small. Several replicas may run it at once: a delete is harmless twice.
 */
@Component
class ExpiredKeyCleanup extends PeriodicJob {

    private static final Logger log = LoggerFactory.getLogger(ExpiredKeyCleanup.class);

    private final IdempotencyKeys keys;
    private final Clock clock;
    private final Duration retention;

    ExpiredKeyCleanup(IdempotencyKeys keys, Clock clock, CartProperties properties) {
        super(
                "delete expired idempotency keys",
                Duration.ZERO,
                properties.checkout().keyCleanupInterval());
        this.keys = keys;
        this.clock = clock;
        this.retention = properties.checkout().keyRetention();
    }

    @Override
    protected Mono<Long> runOnce() {
        return keys.deleteExpired(clock.instant().minus(retention)).doOnNext(deleted -> {
            if (deleted > 0) {
                log.info("Deleted {} idempotency keys older than {}", deleted, retention);
            }
        });
    }
}
