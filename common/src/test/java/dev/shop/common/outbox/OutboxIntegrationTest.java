package dev.shop.common.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.shop.common.events.CloudEventHeaders;
import dev.shop.common.events.Money;
import dev.shop.common.events.Topics;
import dev.shop.common.events.catalog.ProductUpserted;
import dev.shop.common.lifecycle.DatabaseNotifications;
import dev.shop.common.messaging.EventHandlers;
import dev.shop.localstack.test.LocalStackTest;
import dev.shop.localstack.test.SharedLocalStack;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.converter.BatchMessagingMessageConverter;
import org.springframework.messaging.Message;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest(
        classes = OutboxTestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
            "spring.application.name=outbox-test",
            "spring.flyway.locations=classpath:db/outbox-test",
            // the relay's safety-net poll never comes during a test: it publishes because the outbox notifies it
            "shop.outbox.poll-interval=1h",
            "shop.outbox.max-backoff=1s",
            "shop.outbox.send-timeout=6s",
            "spring.cloud.function.definition=productEvents",
            "spring.cloud.stream.bindings.productEvents-in-0.destination=catalog.products.v1",
            // two redeliveries, 100 ms apart and then 200 ms, before a failing record is parked
            "spring.cloud.stream.default.consumer.max-attempts=3",
            "spring.cloud.stream.default.consumer.back-off-initial-interval=100"
        })
@LocalStackTest(database = "outbox_test")
class OutboxIntegrationTest {

    @Autowired
    OutboxWriter outbox;

    @Autowired
    OutboxRelay relay;

    @Autowired
    OutboxCleanup cleanup;

    @Autowired
    OutboxGauges gauges;

    @Autowired
    DatabaseClient database;

    @Autowired
    TransactionalOperator transactions;

    @Autowired
    MeterRegistry meters;

    @Autowired
    KafkaTemplate<String, byte[]> shopEventKafkaTemplate;

    @Autowired
    OutboxProperties properties;

    @Autowired
    OutboxTestApplication.Handling handling;

    @Autowired
    DatabaseNotifications notifications;

    @Autowired
    EventHandlers productEvents;

    @Autowired
    JsonMapper json;

    @Test
    void publishesNothingFromARolledBackTransactionAndExactlyTheEventsOfACommittedOne() {
        var rolledBack = UUID.randomUUID();
        var committed = UUID.randomUUID();

        StepVerifier.create(transactions.transactional(
                        changeState(rolledBack, 1).then(Mono.error(new IllegalStateException("the change fails")))))
                .expectErrorMessage("the change fails")
                .verify();
        var written = transactions
                .transactional(Flux.range(1, 3)
                        .concatMap(version -> changeState(committed, version))
                        .collectList())
                .block();

        var records = readUntil(Topics.CATALOG_PRODUCTS, keys(committed, rolledBack), found -> found.size() >= 3);
        assertThat(records).extracting(ConsumerRecord::key).containsOnly(committed.toString());
        assertThat(records)
                .extracting(record -> header(record, CloudEventHeaders.ID))
                .containsExactlyElementsOf(written);
        var first = records.getFirst();
        assertThat(header(first, CloudEventHeaders.TYPE)).isEqualTo("dev.shop.catalog.ProductUpserted");
        assertThat(header(first, CloudEventHeaders.SOURCE)).isEqualTo("/catalog-service");
        assertThat(header(first, CloudEventHeaders.SUBJECT)).isEqualTo(committed.toString());
        assertThat(header(first, CloudEventHeaders.TIME)).isNotBlank();
        assertThat(new String(first.value(), StandardCharsets.UTF_8)).contains("\"version\":1");
    }

    @Test
    void keepsPublishingAfterTheRelayIsStoppedAndStartedAgain() {
        // Spring pauses cached test contexts and resumes them: the relay must survive a stop and a start
        relay.stop();
        relay.start();
        var product = UUID.randomUUID();

        transactions.transactional(changeState(product, 1)).block();

        assertThat(readUntil(Topics.CATALOG_PRODUCTS, keys(product), found -> !found.isEmpty()))
                .hasSize(1);
    }

    @Test
    void wakesOnTheOutboxsNotificationAlsoAfterTheListeningConnectionWasLost() {
        var before = UUID.randomUUID();
        transactions.transactional(changeState(before, 1)).block();
        assertThat(readUntil(Topics.CATALOG_PRODUCTS, keys(before), found -> !found.isEmpty()))
                .as("published on the notification: the relay's poll is an hour away")
                .hasSize(1);

        var terminated = database.sql("select pg_terminate_backend(pid) as done from pg_stat_activity "
                        + "where datname = current_database() and query ilike 'LISTEN%'")
                .map(row -> row.get("done", Boolean.class))
                .all()
                .collectList()
                .block();
        assertThat(terminated).as("the listening connection").containsExactly(true);
        var after = UUID.randomUUID();
        transactions.transactional(changeState(after, 1)).block();

        assertThat(readUntil(Topics.CATALOG_PRODUCTS, keys(after), found -> !found.isEmpty()))
                .as("published once the listener is back (it catches up on what it missed)")
                .hasSize(1);
    }

    @Test
    void appliesTheEventsOfAPollInOneTransaction() {
        var products = IntStream.range(0, 20).mapToObj(i -> UUID.randomUUID()).toList();
        var poll = new ArrayList<ConsumerRecord<String, byte[]>>();
        for (int i = 0; i < products.size(); i++) {
            poll.add(productRecord(i, products.get(i), 1, "Lamp"));
        }

        productEvents.accept(asBinderDelivers(poll));

        assertThat(appliedVersions(products)).hasSize(20);
        // now() is the start of the transaction: ids consumed in one transaction share it
        assertThat(consumedAt(poll))
                .as("20 events of one poll, applied in one transaction rather than one each")
                .hasSize(1);
    }

    @Test
    void appliesAPollWithAFailingEventRecordByRecordAndNamesTheFirstFailure() {
        var failing = UUID.randomUUID();
        var others = IntStream.range(0, 5).mapToObj(i -> UUID.randomUUID()).toList();
        var poll = new ArrayList<ConsumerRecord<String, byte[]>>();
        poll.add(productRecord(0, others.get(0), 1, "Lamp"));
        poll.add(productRecord(1, failing, 1, OutboxTestApplication.Handling.FAILS_TWICE));
        poll.add(productRecord(2, failing, 2, "Lamp"));
        for (int i = 1; i < others.size(); i++) {
            poll.add(productRecord(2 + i, others.get(i), 1, "Lamp"));
        }
        var all = new ArrayList<>(others);
        all.add(failing);

        assertThatThrownBy(() -> productEvents.accept(asBinderDelivers(poll)))
                .isInstanceOf(BatchListenerFailedException.class)
                .satisfies(failure -> assertThat(((BatchListenerFailedException) failure).getIndex())
                        .as("the failed record's place in the poll")
                        .isEqualTo(1));
        assertThat(appliedVersions(all))
                .as("nothing of the failed key past its failure; every other key applied")
                .extracting(Applied::productId)
                .containsExactlyInAnyOrderElementsOf(others);

        // the container delivers the failed record and everything after it again
        productEvents.accept(asBinderDelivers(poll.subList(1, poll.size())));

        var applied = appliedVersions(all);
        assertThat(applied).extracting(Applied::eventId).doesNotHaveDuplicates().hasSize(7);
        assertThat(applied.stream().filter(a -> a.productId().equals(failing)).map(Applied::version))
                .containsExactly(1L, 2L);
    }

    private ConsumerRecord<String, byte[]> productRecord(int offset, UUID product, long version, String name) {
        var headers = new RecordHeaders();
        Map.of(
                        CloudEventHeaders.ID, UUID.randomUUID().toString(),
                        CloudEventHeaders.TYPE, "dev.shop.catalog.ProductUpserted",
                        CloudEventHeaders.SOURCE, "/catalog-service",
                        CloudEventHeaders.TIME, "2026-11-27T10:00:00Z")
                .forEach((header, value) -> headers.add(header, value.getBytes(StandardCharsets.UTF_8)));
        return new ConsumerRecord<>(
                Topics.CATALOG_PRODUCTS,
                0,
                offset,
                0L,
                TimestampType.CREATE_TIME,
                ConsumerRecord.NULL_SIZE,
                ConsumerRecord.NULL_SIZE,
                product.toString(),
                json.writeValueAsBytes(product(product, version, name)),
                headers,
                Optional.empty());
    }

    /** The records of a poll as the Kafka binder hands them to a function in batch mode. */
    @SuppressWarnings("unchecked")
    private static Message<List<byte[]>> asBinderDelivers(List<ConsumerRecord<String, byte[]>> records) {
        return (Message<List<byte[]>>)
                new BatchMessagingMessageConverter().toMessage(List.copyOf(records), null, null, byte[].class);
    }

    private List<OffsetDateTime> consumedAt(List<ConsumerRecord<String, byte[]>> records) {
        var ids = records.stream()
                .map(record -> header(record, CloudEventHeaders.ID))
                .toArray(String[]::new);
        return database.sql("select distinct consumed_at from consumed_event "
                        + "where consumer_group = 'outbox-test' and event_id = any(:ids)")
                .bind("ids", ids)
                .map(row -> row.get("consumed_at", OffsetDateTime.class))
                .all()
                .collectList()
                .block();
    }

    @Test
    void refusesToWriteOutsideATransaction() {
        StepVerifier.create(outbox.append(product(UUID.randomUUID(), 1)))
                .expectErrorMessage("OutboxWriter.append must run inside the transaction of the state change")
                .verify();
    }

    @Test
    void deliversEveryEventInOrderPerKeyAndAppliesEachOnceAfterTheBrokerComesBack() {
        var kafka = SharedLocalStack.get().kafka();
        var products = IntStream.range(0, 10).mapToObj(i -> UUID.randomUUID()).toList();

        kafka.stop();
        try {
            // 100 state changes across 10 keys commit while the broker is away
            Flux.range(1, 10)
                    .concatMap(version -> Flux.fromIterable(products)
                            .concatMap(product -> transactions.transactional(changeState(product, version))))
                    .blockLast();
            gauges.measure().block();
            assertThat(meters.get("shop.outbox.pending").gauge().value()).isGreaterThanOrEqualTo(100);
            await().atMost(Duration.ofSeconds(45))
                    .until(() ->
                            meters.get("shop.outbox.publish.failures").counter().count() > 0);
        } finally {
            kafka.start();
        }

        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(appliedVersions(products)).hasSize(100));
        var applied = appliedVersions(products);
        assertThat(applied.stream().map(Applied::eventId).distinct())
                .as("each event applied once")
                .hasSize(100);
        for (var product : products) {
            assertThat(applied.stream()
                            .filter(a -> a.productId().equals(product))
                            .map(Applied::version))
                    .as("events of %s applied in order", product)
                    .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        }
        var delivered = readUntil(Topics.CATALOG_PRODUCTS, Set.copyOf(strings(products)), found -> found.size() >= 100);
        for (var product : products) {
            assertThat(delivered.stream()
                            .filter(record -> record.key().equals(product.toString()))
                            .map(record -> versionOf(record))
                            .distinct())
                    .as("at least once, in order, for %s", product)
                    .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        }
    }

    @Test
    void appliesEventsOfDifferentKeysTogetherAndAKeysEventsInOrderPastAFailure() {
        var failing = UUID.randomUUID();
        var others = IntStream.range(0, 30).mapToObj(i -> UUID.randomUUID()).toList();
        // one transaction: the relay publishes them together and the consumer gets them in one poll
        transactions
                .transactional(changeState(failing, 1, OutboxTestApplication.Handling.FAILS_TWICE)
                        .then(changeState(failing, 2))
                        .thenMany(Flux.fromIterable(others).concatMap(product -> changeState(product, 1)))
                        .then(changeState(failing, 3)))
                .block();

        var all = new ArrayList<>(others);
        all.add(failing);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(appliedVersions(all)).hasSize(33));
        var applied = appliedVersions(all);
        assertThat(applied.stream().map(Applied::eventId).distinct())
                .as("each event applied once, also those delivered again after the failure")
                .hasSize(33);
        assertThat(applied.stream().filter(a -> a.productId().equals(failing)).map(Applied::version))
                .as("the failed event's key waits for it: its later events are applied after it, in order")
                .containsExactly(1L, 2L, 3L);
        assertThat(handling.mostAtOnce())
                .as("events of different keys were applied at the same time")
                .isGreaterThan(1);
    }

    @Test
    void twoRelaysOnOneDatabaseDoNotPublishARowTwice() {
        var second = new OutboxRelay(
                database,
                transactions,
                shopEventKafkaTemplate,
                properties,
                "outbox-test",
                new SimpleMeterRegistry(),
                notifications.on(OutboxRelay.CHANNEL));
        second.start();
        try {
            var products =
                    IntStream.range(0, 30).mapToObj(i -> UUID.randomUUID()).toList();
            Flux.range(1, 10)
                    .concatMap(version -> Flux.fromIterable(products)
                            .flatMap(product -> transactions.transactional(changeState(product, version)), 8))
                    .blockLast();

            var records =
                    readUntil(Topics.CATALOG_PRODUCTS, Set.copyOf(strings(products)), found -> found.size() >= 300);
            var ids = records.stream()
                    .map(record -> header(record, CloudEventHeaders.ID))
                    .toList();
            assertThat(ids).hasSize(300).doesNotHaveDuplicates();
        } finally {
            second.stop();
        }
    }

    @Test
    void parksPoisonMessagesInTheDeadLetterTopicAndKeepsConsuming() {
        var deadLetters = Topics.deadLetter(Topics.CATALOG_PRODUCTS, "outbox-test");
        SharedLocalStack.get().kafka().createTopics(List.of(deadLetters));
        double skippedBefore = skipped();
        var product = UUID.randomUUID();
        var validJson = "{\"productId\":\"" + product
                + "\",\"sku\":\"S\",\"name\":\"N\",\"price\":{\"amount\":1,\"currency\":\"EUR\"},"
                + "\"availableStock\":1,\"active\":true,\"version\":7}";

        publishRaw(
                product,
                "{not json",
                Map.of(
                        CloudEventHeaders.ID, UUID.randomUUID().toString(),
                        CloudEventHeaders.TYPE, "dev.shop.catalog.ProductUpserted",
                        CloudEventHeaders.SOURCE, "/catalog-service",
                        CloudEventHeaders.TIME, "2026-11-27T10:00:00Z"));
        publishRaw(
                product,
                validJson,
                Map.of(
                        CloudEventHeaders.TYPE, "dev.shop.catalog.ProductUpserted",
                        CloudEventHeaders.SOURCE, "/catalog-service",
                        CloudEventHeaders.TIME, "2026-11-27T10:00:00Z"));
        publishRaw(
                product,
                validJson,
                Map.of(
                        CloudEventHeaders.ID, UUID.randomUUID().toString(),
                        CloudEventHeaders.TYPE, "dev.shop.catalog.ProductRenamed",
                        CloudEventHeaders.SOURCE, "/catalog-service",
                        CloudEventHeaders.TIME, "2026-11-27T10:00:00Z"));
        transactions.transactional(changeState(product, 1)).block();

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(appliedVersions(List.of(product)))
                        .extracting(Applied::version)
                        .containsExactly(1L));
        var parked = readUntil(deadLetters, keys(product), found -> found.size() >= 2);
        assertThat(parked).hasSize(2);
        assertThat(parked)
                .extracting(record -> header(record, "kafka_dlt-exception-message"))
                .anySatisfy(message -> assertThat(message).contains("is not a valid dev.shop.catalog.ProductUpserted"))
                .anySatisfy(message -> assertThat(message).contains("Header ce_id is missing"));
        assertThat(parked)
                .extracting(record -> header(record, "kafka_dlt-original-topic"))
                .containsOnly(Topics.CATALOG_PRODUCTS);
        assertThat(skipped() - skippedBefore)
                .as("the unknown type was skipped, not parked")
                .isGreaterThanOrEqualTo(1);
    }

    private double skipped() {
        var counter = meters.find("shop.events.skipped")
                .tag("topic", Topics.CATALOG_PRODUCTS)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void deletesSentRowsAndConsumedIdsPastTheirRetention() {
        var old = UUID.randomUUID().toString();
        var fresh = UUID.randomUUID().toString();
        database.sql("insert into consumed_event (consumer_group, event_id, consumed_at) values "
                        + "('outbox-test', :old, now() - interval '2 days'), ('outbox-test', :fresh, now())")
                .bind("old", old)
                .bind("fresh", fresh)
                .then()
                .block();
        var oldSent = UUID.randomUUID();
        database.sql("insert into outbox_event (event_id, topic, event_key, event_type, source, occurred_at, payload, "
                        + "sent_at) values (:id, 'catalog.products.v1', 'k', 't', '/s', now(), '{}', "
                        + "now() - interval '2 days')")
                .bind("id", oldSent)
                .then()
                .block();

        StepVerifier.create(cleanup.cleanUp())
                .expectNextMatches(deleted -> deleted >= 1)
                .verifyComplete();

        var left = database.sql("select event_id from consumed_event where event_id in (:old, :fresh)")
                .bind("old", old)
                .bind("fresh", fresh)
                .map(row -> row.get("event_id", String.class))
                .all()
                .collectList()
                .block();
        assertThat(left).containsExactly(fresh);
        assertThat(database.sql("select count(*) as n from outbox_event where event_id = :id")
                        .bind("id", oldSent)
                        .map(row -> row.get("n", Long.class))
                        .one()
                        .block())
                .isZero();
    }

    private void publishRaw(UUID key, String value, Map<String, String> headers) {
        var record = new org.apache.kafka.clients.producer.ProducerRecord<String, byte[]>(
                Topics.CATALOG_PRODUCTS, key.toString(), value.getBytes(StandardCharsets.UTF_8));
        headers.forEach(
                (name, headerValue) -> record.headers().add(name, headerValue.getBytes(StandardCharsets.UTF_8)));
        shopEventKafkaTemplate.send(record).join();
    }

    private Mono<String> changeState(UUID product, long version) {
        return changeState(product, version, "Lamp");
    }

    private Mono<String> changeState(UUID product, long version, String name) {
        return database.sql("insert into product_state (product_id, version) values (:product, :version)")
                .bind("product", product)
                .bind("version", version)
                .then()
                .then(outbox.append(product(product, version, name)))
                .map(metadata -> metadata.id());
    }

    private static ProductUpserted product(UUID id, long version) {
        return product(id, version, "Lamp");
    }

    private static ProductUpserted product(UUID id, long version, String name) {
        return new ProductUpserted(id, "SKU-" + id, name, new Money(1999, "EUR"), 5, true, version);
    }

    record Applied(String eventId, UUID productId, long version) {}

    private List<Applied> appliedVersions(List<UUID> products) {
        return database.sql("select event_id, product_id, version from applied_event where product_id = any(:ids) "
                        + "order by seq")
                .bind("ids", products.toArray(UUID[]::new))
                .map(row -> new Applied(
                        row.get("event_id", String.class),
                        row.get("product_id", UUID.class),
                        row.get("version", Long.class)))
                .all()
                .collectList()
                .block();
    }

    private static long versionOf(ConsumerRecord<String, byte[]> record) {
        var json = new String(record.value(), StandardCharsets.UTF_8);
        var start = json.indexOf("\"version\":") + "\"version\":".length();
        var end = start;
        while (end < json.length() && Character.isDigit(json.charAt(end))) {
            end++;
        }
        return Long.parseLong(json.substring(start, end));
    }

    private static List<String> strings(List<UUID> ids) {
        return ids.stream().map(UUID::toString).toList();
    }

    private static Set<String> keys(UUID... ids) {
        return Set.copyOf(strings(List.of(ids)));
    }

    static String header(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Reads {@code topic} from the beginning until the records with one of {@code keys} satisfy {@code done}. */
    static List<ConsumerRecord<String, byte[]>> readUntil(
            String topic, Set<String> keys, Predicate<List<ConsumerRecord<String, byte[]>>> done) {
        Map<String, Object> config = new HashMap<>();
        config.put(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedLocalStack.get().kafka().bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        var found = new ArrayList<ConsumerRecord<String, byte[]>>();
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            var deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            // once done, read a little longer so that a duplicate published late would show
            var quietPolls = 0;
            while (System.nanoTime() < deadline && (!done.test(found) || quietPolls < 4)) {
                var records = consumer.poll(Duration.ofMillis(250));
                quietPolls = done.test(found) ? quietPolls + 1 : 0;
                records.forEach(record -> {
                    if (keys.contains(record.key())) {
                        found.add(record);
                    }
                });
            }
        }
        return found;
    }
}
