package dev.shop.auth;

import dev.shop.common.events.Topics;
import dev.shop.common.test.EventContract;
import dev.shop.localstack.test.SharedLocalStack;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jspecify.annotations.Nullable;

/**
 * Reads {@code users.v1} of the shared broker as a consumer of the event would; every record it returns conforms to
 * the AsyncAPI document.
 */
public final class UsersTopic {

    private UsersTopic() {}

    /**
     * The records with this key, read from the beginning until at least one came and a few more polls brought no
     * other (so that a duplicate published late would show), or until {@code timeout}.
     */
    public static List<ConsumerRecord<String, byte[]>> recordsFor(String key, Duration timeout) {
        Map<String, Object> config = new HashMap<>();
        config.put(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedLocalStack.get().kafka().bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "auth-test-reader-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        var found = new ArrayList<ConsumerRecord<String, byte[]>>();
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.USERS));
            var deadline = System.nanoTime() + timeout.toNanos();
            var quietPolls = 0;
            while (System.nanoTime() < deadline && (found.isEmpty() || quietPolls < 4)) {
                var records = consumer.poll(Duration.ofMillis(250));
                quietPolls = found.isEmpty() ? 0 : quietPolls + 1;
                records.forEach(record -> {
                    if (key.equals(record.key())) {
                        conforms(record);
                        found.add(record);
                    }
                });
            }
        }
        return found;
    }

    /** Fails unless the record matches the AsyncAPI document's {@code UserRegistered} (headers and data). */
    private static void conforms(ConsumerRecord<String, byte[]> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        record.headers()
                .forEach(header -> headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8)));
        var violations = EventContract.get()
                .violations(record.topic(), headers, new String(record.value(), StandardCharsets.UTF_8));
        if (!violations.isEmpty()) {
            throw new AssertionError("a users.v1 record that does not conform to the AsyncAPI document: " + violations);
        }
    }

    public static @Nullable String header(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
