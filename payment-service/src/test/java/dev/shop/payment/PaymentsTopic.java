package dev.shop.payment;

import dev.shop.common.events.CloudEventHeaders;
import dev.shop.common.events.Topics;
import dev.shop.localstack.test.SharedLocalStack;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jspecify.annotations.Nullable;

/**
 * Everything published on {@code payments.v1} of the shared broker during the test run, read from the beginning by a
 * consumer thread of its own, as cart-service would read it. Tests pick their records by order id.
 */
public final class PaymentsTopic {

    /** One consumed record: its CloudEvents type and id, JSON payload, and when this reader got it. */
    public record Received(String key, String type, String id, String json, long receivedNanos) {}

    private static @Nullable PaymentsTopic shared;

    private final List<Received> received = new CopyOnWriteArrayList<>();

    private PaymentsTopic(String bootstrapServers) {
        var consumer = new KafkaConsumer<String, String>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false),
                new StringDeserializer(),
                new StringDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.PAYMENTS, Duration.ofSeconds(30)).stream()
                .map(info -> new TopicPartition(Topics.PAYMENTS, info.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        var thread = new Thread(
                () -> {
                    try (consumer) {
                        while (!Thread.currentThread().isInterrupted()) {
                            consumer.poll(Duration.ofMillis(200)).forEach(this::add);
                        }
                    }
                },
                "test-payments-topic");
        thread.setDaemon(true);
        thread.start();
    }

    public static synchronized PaymentsTopic get() {
        if (shared == null) {
            shared = new PaymentsTopic(SharedLocalStack.get().kafka().bootstrapServers());
        }
        return shared;
    }

    public List<Received> forOrder(UUID orderId) {
        return received.stream()
                .filter(record -> record.key().equals(orderId.toString()))
                .toList();
    }

    private void add(ConsumerRecord<String, String> record) {
        received.add(new Received(
                String.valueOf(record.key()),
                header(record, CloudEventHeaders.TYPE),
                header(record, CloudEventHeaders.ID),
                record.value(),
                System.nanoTime()));
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }
}
