package dev.shop.common.outbox;

import dev.shop.common.events.CloudEventHeaders;
import dev.shop.common.lifecycle.PeriodicJob;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
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
 * <p>The relay is a {@link PeriodicJob}: it sleeps while there is nothing to send; a trigger on the outbox notifies it
 * (PostgreSQL's {@code NOTIFY shop_outbox}, at the commit of the rows), and it polls after {@code linger} (so that
 * rows committed close together go as one batch), and again soon while polls come back full. {@code poll-interval} is
 * only the safety net, for a notification lost with its connection. A failed poll (the broker or the database away) is
 * tried again after a pause that doubles from 100 ms up to {@code max-backoff}. {@link OutboxCleanup} and
 * {@link OutboxGauges} do the outbox's housekeeping.
 */
public final class OutboxRelay extends PeriodicJob implements DisposableBean {

    /** The channel the outbox's trigger notifies (common migration V0_4). */
    public static final String CHANNEL = "shop_outbox";

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final int KEYS_IN_FLIGHT = 256;

    private final DatabaseClient database;
    private final TransactionalOperator transactions;
    private final KafkaTemplate<String, byte[]> kafka;
    private final OutboxProperties properties;
    private final long lockId;
    // sends may block on metadata for up to max.block.ms: keep them off event loops, on threads of their own
    private final Scheduler scheduler = Schedulers.newBoundedElastic(4, 100_000, "outbox-relay");
    private final Counter published;
    private final Counter publishFailures;
    private final Flux<?> wakeUps;
    // the last poll came back full: there is more to send now
    private volatile boolean moreToSend;

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
            Flux<?> wakeUps) {
        super("publish the outbox", Duration.ZERO, properties.pollInterval());
        this.wakeUps = wakeUps;
        this.database = database;
        this.transactions = transactions;
        this.kafka = kafka;
        this.properties = properties;
        this.lockId = lockIdFor(serviceName);
        this.published = Counter.builder("shop.outbox.published")
                .description("Outbox events published to Kafka")
                .register(meters);
        this.publishFailures = Counter.builder("shop.outbox.publish.failures")
                .description("Outbox publishes that failed and will be retried")
                .register(meters);
    }

    @Override
    protected Mono<?> runOnce() {
        return relayOnce().doOnNext(count -> moreToSend = count >= properties.batchSize());
    }

    @Override
    protected Mono<Duration> nextWorkIn() {
        return moreToSend ? Mono.just(Duration.ZERO) : Mono.empty();
    }

    /** The outbox's notifications, each after {@code linger}: the rows committed meanwhile go in the same poll. */
    @Override
    protected Flux<?> wakeUps() {
        return wakeUps.onBackpressureLatest().concatMap(signal -> Mono.delay(properties.linger(), scheduler), 0);
    }

    @Override
    protected Duration longestRetryPause() {
        return properties.maxBackoff();
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

    /** Releases the relay's threads when the application context closes. */
    @Override
    public void destroy() {
        stop();
        scheduler.dispose();
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
}
