package dev.shop.common.test;

import dev.shop.common.events.CloudEventHeaders;
import dev.shop.common.events.Topics;
import dev.shop.localstack.test.SharedLocalStack;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jspecify.annotations.Nullable;

/**
 * Everything on the event topics ({@code catalog.products.v1}, {@code orders.v1}, {@code inventory.v1},
 * {@code payments.v1}, {@code users.v1}) of the shared local stack's broker during the test run, read from the
 * beginning by one consumer thread of its own: what the services' relays published. Tests pick their records by topic
 * and key; each record is checked against the AsyncAPI document ({@link EventContract}) as it arrives, and a test that
 * reads one that does not conform fails.
 */
public final class EventLog {

    /**
     * One consumed record: its topic, key, CloudEvents type and id, JSON payload, when this reader got it, and what
     * the AsyncAPI document finds wrong with it (nothing, for a record that conforms).
     */
    public record Received(
            String topic,
            String key,
            String type,
            String id,
            String json,
            long receivedNanos,
            List<String> violations) {}

    private static @Nullable EventLog shared;

    private final List<Received> received = new CopyOnWriteArrayList<>();

    private EventLog(String bootstrapServers) {
        var consumer = new KafkaConsumer<String, String>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false),
                new StringDeserializer(),
                new StringDeserializer());
        List<TopicPartition> partitions =
                List.of(Topics.CATALOG_PRODUCTS, Topics.ORDERS, Topics.INVENTORY, Topics.PAYMENTS, Topics.USERS)
                        .stream()
                        .flatMap(topic -> consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                                .map(info -> new TopicPartition(topic, info.partition())))
                        .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        var thread = new Thread(
                () -> {
                    try (consumer) {
                        while (!Thread.currentThread().isInterrupted()) {
                            consumer.poll(Duration.ofMillis(200)).forEach(this::add);
                        }
                    } catch (WakeupException ignored) {
                        // the JVM is ending
                    }
                },
                "test-event-log");
        thread.setDaemon(true);
        thread.start();
    }

    public static synchronized EventLog get() {
        if (shared == null) {
            shared = new EventLog(SharedLocalStack.get().kafka().bootstrapServers());
        }
        return shared;
    }

    /**
     * The records on {@code topic} with {@code key}, in the order they arrived.
     *
     * @throws AssertionError if one of them does not conform to the AsyncAPI document: every record a test reads is
     *     held to the published contract of its topic
     */
    public List<Received> byKey(String topic, Object key) {
        var records = received.stream()
                .filter(record -> record.topic().equals(topic) && record.key().equals(key.toString()))
                .toList();
        records.stream()
                .filter(record -> !record.violations().isEmpty())
                .findFirst()
                .ifPresent(wrong -> {
                    throw new AssertionError(wrong.type() + " " + wrong.id() + " on " + wrong.topic()
                            + " does not conform to the AsyncAPI document: " + wrong.violations());
                });
        return records;
    }

    /** Every record read so far, in the order it arrived; each says what the AsyncAPI document finds wrong with it. */
    public List<Received> all() {
        return List.copyOf(received);
    }

    private void add(ConsumerRecord<String, String> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        record.headers()
                .forEach(header -> headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8)));
        received.add(new Received(
                record.topic(),
                String.valueOf(record.key()),
                header(record, CloudEventHeaders.TYPE),
                header(record, CloudEventHeaders.ID),
                record.value(),
                System.nanoTime(),
                EventContract.get().violations(record.topic(), headers, String.valueOf(record.value()))));
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }
}
