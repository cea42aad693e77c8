package dev.shop.common.outbox;

import dev.shop.common.events.CloudEventHeaders;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes outbox rows to Kafka. Each poll runs in one transaction that first takes a PostgreSQL advisory lock, so
 * only one relay per database publishes at a time, however many replicas run. Unsent rows are read in insert order
 * (never from a remembered high-water mark, so a row that commits late is still found); rows of one key are sent one
 * after the other and a key's batch stops at its first failure, so per-key order survives a broker that goes away.
 * Delivery is at least once: a row published but not yet marked sent is published again.
 *
 * <p>The relay sleeps while there is nothing to send: a trigger on the outbox notifies it (PostgreSQL's
 * {@code NOTIFY shop_outbox}, at the commit of the rows), and it polls again after {@code linger} (so that rows
 * committed close together go as one batch), and again without pause while polls come back full.
 * {@code poll-interval} is only the safety net, for a notification lost with its connection.
 */
public final class OutboxRelay implements SmartLifecycle, DisposableBean {

    /** The channel the outbox's trigger notifies (common migration V0_4). */
    public static final String CHANNEL = "shop_outbox";

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final int KEYS_IN_FLIGHT = 256;
    private static final Duration FIRST_RETRY = Duration.ofMillis(100);

    private final DatabaseClient database;
    private final TransactionalOperator transactions;
    private final KafkaTemplate<String, byte[]> kafka;
    private final OutboxProperties properties;
    private final long lockId;
    private final Clock clock;
    // sends may block on metadata for up to max.block.ms: keep them off event loops, on threads of their own
    private final Scheduler scheduler = Schedulers.newBoundedElastic(4, 100_000, "outbox-relay");
    private final Counter published;
    private final Counter publishFailures;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong oldestPendingAgeMillis = new AtomicLong();
    private final Flux<?> wakeUps;
    private final AtomicReference<Sinks.Empty<Void>> wakeUp = new AtomicReference<>(Sinks.empty());
    private Disposable.Composite running = Disposables.composite();
    private volatile boolean started;

    /**
     * @param wakeUps signals that rows were written (the outbox's notifications): each ends the relay's wait at once
     */
    public OutboxRelay(
            DatabaseClient database,
            TransactionalOperator transactions,
            KafkaTemplate<String, byte[]> kafka,
            OutboxProperties properties,
            String serviceName,
            MeterRegistry meters,
            Clock clock,
            Flux<?> wakeUps) {
        this.wakeUps = wakeUps;
        this.database = database;
        this.transactions = transactions;
        this.kafka = kafka;
        this.properties = properties;
        this.lockId = lockIdFor(serviceName);
        this.clock = clock;
        this.published = Counter.builder("shop.outbox.published")
                .description("Outbox events published to Kafka")
                .register(meters);
        this.publishFailures = Counter.builder("shop.outbox.publish.failures")
                .description("Outbox publishes that failed and will be retried")
                .register(meters);
        Gauge.builder("shop.outbox.pending", pending, AtomicLong::get)
                .description("Outbox rows not yet published")
                .register(meters);
        Gauge.builder("shop.outbox.oldest.pending.age", oldestPendingAgeMillis, age -> age.get() / 1000.0)
                .description("Age of the oldest unpublished outbox row")
                .baseUnit("seconds")
                .register(meters);
    }

    /**
     * One poll: publishes up to a batch of unsent rows if this relay holds the lock. Emits how many rows were
     * published, or an error when a publish failed (the failed rows stay unsent).
     */
    public Mono<Integer> relayOnce() {
        var poll = database.sql("select pg_try_advisory_xact_lock(:lockId) as locked")
                .bind("lockId", lockId)
                .map(row -> Boolean.TRUE.equals(row.get("locked", Boolean.class)))
                .one()
                .flatMap(locked -> locked ? publishBatch() : Mono.just(new Batch(0, false)));
        return transactions
                .transactional(poll)
                .flatMap(batch -> batch.failed()
                        ? Mono.error(new OutboxPublishException(batch.published()))
                        : Mono.just(batch.published()));
    }

    private Mono<Batch> publishBatch() {
        return database.sql("""
                        select id, event_id, topic, event_key, event_type, source, subject, occurred_at,
                               traceparent, payload, headers
                        from outbox_event
                        where sent_at is null
                        order by id
                        limit :limit
                        """)
                .bind("limit", properties.batchSize())
                .map((row, meta) -> new Row(
                        row.get("id", Long.class),
                        String.valueOf(row.get("event_id")),
                        row.get("topic", String.class),
                        row.get("event_key", String.class),
                        row.get("event_type", String.class),
                        row.get("source", String.class),
                        row.get("subject", String.class),
                        row.get("occurred_at", OffsetDateTime.class),
                        row.get("traceparent", String.class),
                        row.get("payload", String.class),
                        row.get("headers", String.class)))
                .all()
                .collectList()
                .flatMap(this::publish);
    }

    private Mono<Batch> publish(List<Row> rows) {
        if (rows.isEmpty()) {
            return Mono.just(new Batch(0, false));
        }
        var byKey = new LinkedHashMap<String, List<Row>>();
        rows.forEach(row ->
                byKey.computeIfAbsent(row.key(), key -> new ArrayList<>()).add(row));
        var failed = new AtomicBoolean();
        return Flux.fromIterable(byKey.values())
                .flatMap(
                        keyRows -> Flux.fromIterable(keyRows)
                                .concatMap(row -> send(row).thenReturn(row.id()))
                                .onErrorResume(e -> {
                                    failed.set(true);
                                    publishFailures.increment();
                                    log.warn(
                                            "Publishing outbox events of key {} failed, will retry: {}",
                                            keyRows.getFirst().key(),
                                            e.toString());
                                    return Mono.empty();
                                }),
                        KEYS_IN_FLIGHT)
                .collectList()
                .flatMap(sentIds -> markSent(sentIds).thenReturn(new Batch(sentIds.size(), failed.get())));
    }

    private Mono<Void> send(Row row) {
        var record = new ProducerRecord<String, byte[]>(
                row.topic(), null, row.key(), row.payload().getBytes(StandardCharsets.UTF_8));
        header(record, CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_1_0);
        header(record, CloudEventHeaders.ID, row.eventId());
        header(record, CloudEventHeaders.TYPE, row.type());
        header(record, CloudEventHeaders.SOURCE, row.source());
        header(record, CloudEventHeaders.TIME, row.occurredAt().toInstant().toString());
        header(record, CloudEventHeaders.SUBJECT, row.subject());
        header(record, CloudEventHeaders.TRACEPARENT, row.traceparent());
        header(record, "content-type", "application/json");
        if (row.headers() != null) {
            // written by OutboxWriter as a JSON object of names and values
            JsonMapper.shared()
                    .readTree(row.headers())
                    .properties()
                    .forEach(header ->
                            header(record, header.getKey(), header.getValue().asString()));
        }
        return Mono.fromFuture(() -> kafka.send(record), true)
                .subscribeOn(scheduler)
                .timeout(properties.sendTimeout(), scheduler)
                .then();
    }

    private Mono<Void> markSent(List<Long> ids) {
        if (ids.isEmpty()) {
            return Mono.empty();
        }
        published.increment(ids.size());
        return database.sql("update outbox_event set sent_at = now() where id = any(:ids)")
                .bind("ids", ids.toArray(Long[]::new))
                .then();
    }

    /** Deletes sent rows and consumed-event ids older than the retention. */
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

    /** Refreshes the pending-rows gauges. */
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

    /** Starts polling; after {@link #stop()} it can start again (test contexts are paused and resumed). */
    @Override
    public synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        running = Disposables.composite();
        // a failed poll (the broker or the database away) is tried again soon, then less and less often
        var backoff = new Backoff(FIRST_RETRY, properties.maxBackoff());
        running.add(wakeUps.subscribe(signal -> wakeUp.get().tryEmitEmpty()));
        running.add(Mono.defer(() -> {
                    // armed before the poll: rows committed while it runs wake the next wait at once
                    Sinks.Empty<Void> woken = Sinks.empty();
                    wakeUp.set(woken);
                    return relayOnce()
                            .flatMap(count -> {
                                backoff.reset();
                                if (count >= properties.batchSize()) {
                                    return Mono.<Object>just(count); // more to send: at once
                                }
                                return Mono.firstWithSignal(
                                        woken.asMono().then(Mono.delay(properties.linger(), scheduler)),
                                        Mono.delay(properties.pollInterval(), scheduler));
                            })
                            .onErrorResume(e -> {
                                if (!(e instanceof OutboxPublishException)) {
                                    log.warn("Outbox poll failed, will retry: {}", e.toString());
                                }
                                return Mono.delay(backoff.next(), scheduler);
                            });
                })
                .repeat()
                .subscribe());
        running.add(repeating(properties.cleanupInterval(), this::cleanUp));
        running.add(repeating(properties.metricsInterval(), this::measure));
    }

    private Disposable repeating(Duration interval, Supplier<Mono<?>> task) {
        return Flux.interval(Duration.ZERO, interval, scheduler)
                .concatMap(tick -> task.get().onErrorResume(e -> {
                    log.warn("Outbox housekeeping failed: {}", e.toString());
                    return Mono.empty();
                }))
                .subscribe();
    }

    @Override
    public synchronized void stop() {
        started = false;
        running.dispose();
    }

    /** Releases the relay's threads when the application context closes. */
    @Override
    public void destroy() {
        stop();
        scheduler.dispose();
    }

    @Override
    public boolean isRunning() {
        return started;
    }

    /** Stops before the Kafka producer and the connection pool, starts after them. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1024;
    }

    static long lockIdFor(String serviceName) {
        // one advisory lock id per service, stable across restarts and replicas
        long hash = 1125899906842597L;
        for (var c : ("shop-outbox-relay:" + serviceName).toCharArray()) {
            hash = 31 * hash + c;
        }
        return hash;
    }

    private static void header(ProducerRecord<String, byte[]> record, String name, @Nullable String value) {
        if (value != null) {
            record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    private record Row(
            long id,
            String eventId,
            String topic,
            String key,
            String type,
            String source,
            @Nullable String subject,
            OffsetDateTime occurredAt,
            @Nullable String traceparent,
            String payload,
            @Nullable String headers) {}

    private record Batch(int published, boolean failed) {}

    /** Some rows of a poll could not be published; they stay unsent and the relay backs off. */
    static final class OutboxPublishException extends RuntimeException {
        OutboxPublishException(int published) {
            super("Some outbox events could not be published (" + published + " were)");
        }
    }

    /** Exponential pause between failed polls, from {@link #FIRST_RETRY} up to the maximum. */
    private static final class Backoff {
        private final Duration initial;
        private final Duration max;
        private Duration current;

        Backoff(Duration initial, Duration max) {
            this.initial = initial;
            this.max = max.compareTo(initial) < 0 ? initial : max;
            this.current = this.initial;
        }

        void reset() {
            current = initial;
        }

        Duration next() {
            var pause = current;
            current = current.multipliedBy(2).compareTo(max) > 0 ? max : current.multipliedBy(2);
            return pause;
        }
    }
}
