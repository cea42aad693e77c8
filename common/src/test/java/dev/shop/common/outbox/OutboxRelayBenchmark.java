package dev.shop.common.outbox;

import dev.shop.common.events.CloudEventHeaders;
import dev.shop.common.events.Money;
import dev.shop.common.events.Topics;
import dev.shop.common.events.catalog.ProductUpserted;
import dev.shop.common.lifecycle.DatabaseNotifications;
import dev.shop.localstack.test.LocalStackTest;
import dev.shop.localstack.test.SharedLocalStack;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.r2dbc.spi.ConnectionFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;

/**
 * Prints the relay's throughput (a backlog drained as fast as it goes) and the end-to-end lag, commit to consumer, at
 * a fixed rate of single-event transactions. Not part of {@code mvn verify}: run it with
 * {@code mvn -pl common -am verify -Pbenchmarks}. It prints figures and asserts nothing about speed.
 */
@SpringBootTest(
        classes = OutboxTestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
            "spring.application.name=outbox-benchmark",
            "spring.flyway.locations=classpath:db/outbox-test",
            "shop.outbox.enabled=false",
            // the test application's consumer, bound as in OutboxIntegrationTest
            "spring.cloud.function.definition=productEvents",
            "spring.cloud.stream.bindings.productEvents-in-0.destination=catalog.products.v1",
            "spring.r2dbc.pool.max-size=20",
            "logging.level.root=WARN"
        })
@LocalStackTest(database = "outbox_benchmark")
class OutboxRelayBenchmark {

    private static final int BACKLOG = 20_000;
    private static final int BACKLOG_KEYS = 1_000;
    private static final int RATE_PER_SECOND = 1_000;
    private static final Duration RATE_RUN = Duration.ofSeconds(20);

    @Autowired
    OutboxWriter outbox;

    @Autowired
    DatabaseClient database;

    @Autowired
    TransactionalOperator transactions;

    @Autowired
    KafkaTemplate<String, byte[]> shopEventKafkaTemplate;

    @Autowired
    OutboxProperties properties;

    @Autowired
    ConnectionFactory connectionFactory;

    @Test
    void relayThroughputAndEndToEndLag() throws Exception {
        // woken as in production: by the outbox's notifications
        var notifications = new DatabaseNotifications(connectionFactory, List.of(OutboxRelay.CHANNEL));
        var relay = new OutboxRelay(
                database,
                transactions,
                shopEventKafkaTemplate,
                properties,
                "outbox-benchmark",
                new SimpleMeterRegistry(),
                notifications.on(OutboxRelay.CHANNEL)); // started for the lag run only

        // throughput: a backlog of committed events, then the relay drains it
        var keys = IntStream.range(0, BACKLOG_KEYS)
                .mapToObj(i -> UUID.randomUUID())
                .toList();
        Flux.range(0, BACKLOG / 100)
                .concatMap(batch -> transactions.transactional(Flux.range(0, 100)
                        .concatMap(i -> outbox.append(event(keys.get((batch * 100 + i) % BACKLOG_KEYS), batch)))
                        .then()))
                .blockLast();
        var begin = System.nanoTime();
        var published = 0;
        while (published < BACKLOG) {
            published += relay.relayOnce().block();
        }
        var seconds = (System.nanoTime() - begin) / 1e9;
        System.out.printf(
                Locale.ROOT,
                "%nOUTBOX RELAY THROUGHPUT: %d events over %d keys in %.2f s = %.0f events/s (batch %d)%n",
                BACKLOG,
                BACKLOG_KEYS,
                seconds,
                BACKLOG / seconds,
                properties.batchSize());

        // lag: single-event transactions at a fixed rate, the relay woken by their notifications as in production
        var lags = Collections.synchronizedList(new ArrayList<Long>());
        var expected = new AtomicInteger(Integer.MAX_VALUE); // known once writing ends
        var written = ConcurrentHashMap.<String>newKeySet();
        var reading = new AtomicBoolean(true);
        var joined = new AtomicBoolean();
        var reader =
                Thread.ofPlatform().name("lag-reader").start(() -> readLags(written, lags, reading, expected, joined));
        // the reader has its partitions before the first event
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).untilTrue(joined);
        notifications.start();
        relay.start();
        var writeBegin = System.nanoTime();
        double writeSeconds;
        try {
            var tickMillis = 10;
            var perTick = RATE_PER_SECOND * tickMillis / 1000;
            Flux.interval(Duration.ofMillis(tickMillis))
                    .take(RATE_RUN.toMillis() / tickMillis)
                    .onBackpressureDrop() // a tick that finds 8 still running is dropped: the achieved rate is printed
                    .flatMap(
                            tick -> Flux.range(0, perTick)
                                    .flatMap(i -> {
                                        var key = UUID.randomUUID();
                                        written.add(key.toString());
                                        return transactions.transactional(outbox.append(event(key, 1)));
                                    })
                                    .then(),
                            8)
                    .blockLast();
            writeSeconds = (System.nanoTime() - writeBegin) / 1e9;
            expected.set(written.size());
            reader.join(Duration.ofSeconds(60).toMillis());
        } finally {
            reading.set(false);
            relay.stop();
            notifications.stop();
        }
        List<Long> sorted;
        synchronized (lags) {
            sorted = new ArrayList<>(lags);
        }
        Collections.sort(sorted);
        System.out.printf(
                Locale.ROOT,
                "OUTBOX END-TO-END LAG at %d events/s asked, %.0f events/s written for %.1f s (woken by NOTIFY,"
                        + " linger %d ms): %d of %d events read, p50 %d ms, p99 %d ms, max %d ms%n%n",
                RATE_PER_SECOND,
                written.size() / writeSeconds,
                writeSeconds,
                properties.linger().toMillis(),
                sorted.size(),
                written.size(),
                percentile(sorted, 50),
                percentile(sorted, 99),
                sorted.isEmpty() ? 0 : sorted.getLast());
    }

    private static void readLags(
            Set<String> written, List<Long> lags, AtomicBoolean reading, AtomicInteger expected, AtomicBoolean joined) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedLocalStack.get().kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "lag-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "latest");
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.CATALOG_PRODUCTS));
            var deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (reading.get() && lags.size() < expected.get() && System.nanoTime() < deadline) {
                var records = consumer.poll(Duration.ofMillis(100));
                if (!consumer.assignment().isEmpty()) {
                    joined.set(true);
                }
                for (var record : records) {
                    if (written.contains(record.key())) {
                        var time = record.headers().lastHeader(CloudEventHeaders.TIME);
                        var committed = Instant.parse(new String(time.value(), StandardCharsets.UTF_8));
                        lags.add(Duration.between(committed, Instant.now()).toMillis());
                    }
                }
            }
        }
    }

    private static long percentile(List<Long> sorted, int percent) {
        if (sorted.isEmpty()) {
            return 0;
        }
        var index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }

    private static ProductUpserted event(UUID product, long version) {
        return new ProductUpserted(product, "SKU", "Benchmark lamp", new Money(1999, "EUR"), 5, true, version);
    }
}
