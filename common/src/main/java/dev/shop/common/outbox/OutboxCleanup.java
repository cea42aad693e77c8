package dev.shop.common.outbox;

import dev.shop.common.lifecycle.PeriodicJob;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/** Deletes sent outbox rows and consumed-event ids older than {@code retention}, every {@code cleanup-interval}. */
public final class OutboxCleanup extends PeriodicJob {

    private final DatabaseClient database;
    private final OutboxProperties properties;
    private final Clock clock;

    public OutboxCleanup(DatabaseClient database, OutboxProperties properties, Clock clock) {
        super("clean up the outbox", Duration.ZERO, properties.cleanupInterval());
        this.database = database;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    protected Mono<?> runOnce() {
        return cleanUp();
    }

    /** Deletes them once; emits how many rows went. */
    public Mono<Long> cleanUp() {
        var cutoff = OffsetDateTime.ofInstant(clock.instant().minus(properties.retention()), ZoneOffset.UTC);
        var sent = database.sql("delete from outbox_event where sent_at < :cutoff")
                .bind("cutoff", cutoff)
                .fetch()
                .rowsUpdated();
        var consumed = database.sql("delete from consumed_event where consumed_at < :cutoff")
                .bind("cutoff", cutoff)
                .fetch()
                .rowsUpdated();
        return sent.zipWith(consumed, Long::sum);
    }
}
