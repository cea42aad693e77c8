package dev.shop.payment.webhook;

import dev.shop.common.lifecycle.PeriodicJob;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Deletes the ids of webhook events past their retention now and then, so that {@code webhook_event} does not grow
 * for ever. Several replicas may run it at once: a delete is harmless twice.
 */
@Component
class WebhookEventCleanup extends PeriodicJob {

    private static final Logger log = LoggerFactory.getLogger(WebhookEventCleanup.class);

    private final DatabaseClient database;
    private final Clock clock;
    private final Duration retention;

    WebhookEventCleanup(DatabaseClient database, Clock clock, WebhookEventProperties properties) {
        super("delete old webhook event ids", properties.cleanupInterval(), properties.cleanupInterval());
        this.database = database;
        this.clock = clock;
        this.retention = properties.retention();
    }

    /** Deletes the event ids received before the retention; emits how many. */
    Mono<Long> deleteExpired() {
        return database.sql("delete from webhook_event where received_at < :cutoff")
                .bind("cutoff", clock.instant().minus(retention).atOffset(ZoneOffset.UTC))
                .fetch()
                .rowsUpdated();
    }

    @Override
    protected Mono<Long> runOnce() {
        return deleteExpired().doOnNext(deleted -> {
            if (deleted > 0) {
                log.info("Deleted {} webhook event ids older than {}", deleted, retention);
            }
        });
    }
}
