package dev.shop.common.outbox;

import dev.shop.common.lifecycle.PeriodicJob;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * The outbox's gauges, read from the table every {@code metrics-interval}: {@code shop.outbox.pending} (rows not yet
 * published) and {@code shop.outbox.oldest.pending.age} (seconds).
 */
public final class OutboxGauges extends PeriodicJob {

    private final DatabaseClient database;
    private final Clock clock;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong oldestPendingAgeMillis = new AtomicLong();

    public OutboxGauges(DatabaseClient database, OutboxProperties properties, MeterRegistry meters, Clock clock) {
        super("measure the outbox", Duration.ZERO, properties.metricsInterval());
        this.database = database;
        this.clock = clock;
        Gauge.builder("shop.outbox.pending", pending, AtomicLong::get)
                .description("Outbox rows not yet published")
                .register(meters);
        Gauge.builder("shop.outbox.oldest.pending.age", oldestPendingAgeMillis, age -> age.get() / 1000.0)
                .description("Age of the oldest unpublished outbox row")
                .baseUnit("seconds")
                .register(meters);
    }

    @Override
    protected Mono<?> runOnce() {
        return measure();
    }

    /** Reads the gauges' values once. */
    public Mono<Void> measure() {
        return database.sql(
                        "select count(*) as pending, min(created_at) as oldest from outbox_event where sent_at is null")
                .map(row -> {
                    pending.set(row.get("pending", Long.class));
                    var oldest = row.get("oldest", OffsetDateTime.class);
                    oldestPendingAgeMillis.set(
                            oldest == null
                                    ? 0
                                    : Math.max(
                                            0,
                                            Duration.between(oldest.toInstant(), clock.instant())
                                                    .toMillis()));
                    return row;
                })
                .one()
                .then();
    }
}
