package dev.shop.common.deadletter;

import dev.shop.common.events.CloudEventHeaders;
import dev.shop.common.events.EventType;
import dev.shop.common.events.EventTypes;
import dev.shop.common.events.ShopEvent;
import dev.shop.common.events.Topics;
import dev.shop.common.messaging.EventHandlers;
import dev.shop.common.tracing.InTrace;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.KafkaHeaders;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dead letters of the service's consumers, read from their dead-letter topics ({@code <topic>.<group>.dlq})
 * when asked: the topics are the record, so nothing is kept twice and a dead letter written while this service was
 * down is listed too. common's consumer writes them with Spring Kafka's {@code DeadLetterPublishingRecoverer}: the
 * original key, payload and headers ({@code ce_id} included), plus {@code kafka_dlt-*} headers with the original
 * topic, partition, offset and the exception.
 *
 * <p>A replay publishes the message again to its original topic with its key and its CloudEvents headers — the same
 * {@code ce_id} — optionally with a corrected payload. The idempotent consumer records a {@code ce_id} in the
 * transaction of its effect, so however often a dead letter is replayed, its effect happens at most once. A corrected
 * payload must be a valid event of the dead letter's {@code ce_type} about its key ({@link ReplayMismatch} otherwise),
 * and every replay is kept in the audit ({@link ReplayAudit}): who, when, which dead letter, the payload's hash.
 *
 * <p>The Kafka clients block: they run on a scheduler of their own (one thread), never on an event loop.
 */
public class DeadLetters implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);
    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_PAYLOAD_CHARS = 10_000;

    private final List<String> deadLetterTopics;
    private final Map<String, Object> consumerConfig;
    private final KafkaTemplate<String, byte[]> kafka;
    private final Scheduler scheduler = Schedulers.newBoundedElastic(1, 100, "dead-letters");
    private final Counter replayed;
    private final ReplayAudit audit;
    private final JsonMapper json;
    private final Clock clock;

    /** Who asks for a replay: the admin's user id and e-mail address, from their token. */
    public record Replayer(String userId, @Nullable String email) {}

    public DeadLetters(
            List<EventHandlers> consumed,
            @Value("${shop.events.group:${spring.application.name}}") String group,
            KafkaProperties kafkaProperties,
            KafkaTemplate<String, byte[]> shopEventKafkaTemplate,
            MeterRegistry meters,
            ReplayAudit audit,
            JsonMapper json,
            Clock clock) {
        this.audit = audit;
        this.json = json;
        this.clock = clock;
        this.deadLetterTopics = consumed.stream()
                .map(handlers -> Topics.deadLetter(handlers.topic(), group))
                .sorted()
                .toList();
        // the service's own Kafka settings (security protocol, SASL principal, trust store), without a group: it
        // assigns the partitions itself and commits nothing
        var config = new HashMap<>(kafkaProperties.buildConsumerProperties());
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", kafkaProperties.getBootstrapServers()));
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.consumerConfig = Map.copyOf(config);
        this.kafka = shopEventKafkaTemplate;
        this.replayed = Counter.builder("shop.dead.letters.replayed")
                .description("Dead letters published again to their topic by an admin")
                .register(meters);
    }

    /** The dead-letter topics read, one per consumed topic. */
    public List<String> topics() {
        return deadLetterTopics;
    }

    /** Every dead letter, newest first, paged. */
    public Mono<DeadLetterPage> page(int page, int size) {
        return Mono.fromCallable(this::readAll).subscribeOn(scheduler).map(all -> DeadLetterPage.of(all, page, size));
    }

    /**
     * Publishes the dead letter again to its original topic, with {@code payload} instead of its own when given, and
     * keeps the replay in the audit.
     *
     * @throws DeadLetterNotFound for an unknown id
     * @throws ReplayMismatch when {@code payload} is not a valid event of the dead letter's type about its key
     */
    public Mono<DeadLetter> replay(String id, byte @Nullable [] payload, Replayer replayer) {
        return Mono.fromCallable(() -> read(id).orElseThrow(() -> new DeadLetterNotFound(id)))
                .subscribeOn(scheduler)
                .flatMap(record -> {
                    if (payload != null) {
                        checkCorrection(record, payload);
                    }
                    String topic = originalTopic(record);
                    byte[] published = payload != null ? payload : record.value();
                    var again = new ProducerRecord<String, byte[]>(topic, record.key(), published);
                    for (Header header : record.headers()) {
                        // the consumer's own failure headers stay with the dead letter
                        if (!header.key().startsWith(KafkaHeaders.PREFIX + "dlt-")) {
                            again.headers().add(header);
                        }
                    }
                    var letter = toDeadLetter(record);
                    var replay = new Replay(
                            UUID.randomUUID(),
                            id,
                            topic,
                            record.key(),
                            letter.eventId(),
                            letter.eventType(),
                            payload != null,
                            sha256(published),
                            replayer.userId(),
                            replayer.email(),
                            clock.instant());
                    // recorded first, taken back if the publishing fails: no replay goes unaudited
                    return audit.record(replay)
                            .then(Mono.fromFuture(() -> kafka.send(again)).subscribeOn(scheduler))
                            .onErrorResume(e -> audit.forget(replay.id()).then(Mono.error(e)))
                            .thenReturn(letter)
                            .handle(InTrace.peek(replayedLetter -> {
                                replayed.increment();
                                log.info(
                                        "Replayed dead letter {} (event {}) to {}{}, by {}",
                                        id,
                                        replayedLetter.eventId(),
                                        topic,
                                        payload != null ? " with a corrected payload" : "",
                                        replayer.userId());
                            }));
                });
    }

    /** The replays so far, newest first, paged. */
    public Mono<ReplayPage> replays(int page, int size) {
        return audit.page(page, size);
    }

    /** A corrected payload must be an event of the dead letter's type, about the aggregate its key names. */
    private void checkCorrection(ConsumerRecord<String, byte[]> record, byte[] payload) {
        Header typeHeader = record.headers().lastHeader(CloudEventHeaders.TYPE);
        String ceType = typeHeader == null || typeHeader.value() == null
                ? null
                : new String(typeHeader.value(), StandardCharsets.UTF_8);
        var type = ceType == null ? Optional.<EventType>empty() : EventTypes.forType(ceType);
        if (type.isEmpty()) {
            throw new ReplayMismatch("The dead letter's ce_type (" + ceType
                    + ") is not an event this service knows: a corrected payload cannot be checked.");
        }
        ShopEvent event;
        try {
            event = json.readValue(payload, type.get().eventClass());
        } catch (JacksonException | IllegalArgumentException e) {
            throw new ReplayMismatch("The corrected payload is not a valid " + ceType + " event.");
        }
        if (!event.key().equals(record.key())) {
            throw new ReplayMismatch("The corrected payload is about " + event.key() + ", but the dead letter's key is "
                    + record.key() + ".");
        }
    }

    private static String sha256(byte[] payload) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(payload));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JVM has SHA-256", e);
        }
    }

    private List<DeadLetter> readAll() {
        try (var consumer = consumer()) {
            var partitions = new ArrayList<TopicPartition>();
            for (String topic : deadLetterTopics) {
                consumer.partitionsFor(topic, KAFKA_TIMEOUT)
                        .forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, KAFKA_TIMEOUT);
            var letters = new ArrayList<DeadLetter>();
            long deadline = System.nanoTime() + KAFKA_TIMEOUT.toNanos();
            while (!readTo(consumer, ends)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Could not read the dead-letter topics within " + KAFKA_TIMEOUT);
                }
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    var partition = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() < ends.getOrDefault(partition, 0L)) {
                        letters.add(toDeadLetter(record));
                    }
                }
            }
            letters.sort(Comparator.comparing(DeadLetter::deadLetteredAt)
                    .thenComparing(DeadLetter::id)
                    .reversed());
            return letters;
        }
    }

    private static boolean readTo(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream()
                .allMatch(end -> consumer.position(end.getKey(), KAFKA_TIMEOUT) >= end.getValue());
    }

    private Optional<ConsumerRecord<String, byte[]>> read(String id) {
        int lastDash = id.lastIndexOf('-');
        int dash = lastDash > 0 ? id.lastIndexOf('-', lastDash - 1) : -1;
        if (dash <= 0) {
            return Optional.empty();
        }
        String topic = id.substring(0, dash);
        int partitionNumber;
        long offset;
        try {
            partitionNumber = Integer.parseInt(id.substring(dash + 1, lastDash));
            offset = Long.parseLong(id.substring(lastDash + 1));
        } catch (NumberFormatException notAnId) {
            return Optional.empty();
        }
        if (!deadLetterTopics.contains(topic) || partitionNumber < 0 || offset < 0) {
            return Optional.empty();
        }
        try (var consumer = consumer()) {
            var partition = new TopicPartition(topic, partitionNumber);
            boolean exists = consumer.partitionsFor(topic, KAFKA_TIMEOUT).stream()
                    .anyMatch(info -> info.partition() == partitionNumber);
            if (!exists) {
                return Optional.empty();
            }
            consumer.assign(List.of(partition));
            long begin =
                    consumer.beginningOffsets(List.of(partition), KAFKA_TIMEOUT).getOrDefault(partition, 0L);
            long end = consumer.endOffsets(List.of(partition), KAFKA_TIMEOUT).getOrDefault(partition, 0L);
            if (offset < begin || offset >= end) {
                return Optional.empty();
            }
            consumer.seek(partition, offset);
            long deadline = System.nanoTime() + KAFKA_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() == offset) {
                        return Optional.of(record);
                    }
                    if (record.offset() > offset) {
                        return Optional.empty(); // compacted away or a transaction marker
                    }
                }
            }
            throw new IllegalStateException("Could not read dead letter " + id + " within " + KAFKA_TIMEOUT);
        }
    }

    private KafkaConsumer<String, byte[]> consumer() {
        return new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private DeadLetter toDeadLetter(ConsumerRecord<String, byte[]> record) {
        Map<String, String> headers = new HashMap<>();
        for (Header header : record.headers()) {
            if (header.value() != null) {
                headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
            }
        }
        // the listener container wraps the handler's exception: its cause says what went wrong
        String exception = headers.getOrDefault(
                KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN, headers.get(KafkaHeaders.DLT_EXCEPTION_FQCN));
        String message = headers.get(KafkaHeaders.DLT_EXCEPTION_MESSAGE);
        String failure = exception == null ? message : message == null ? exception : exception + ": " + message;
        String payload = record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8);
        if (payload != null && payload.length() > MAX_PAYLOAD_CHARS) {
            payload = payload.substring(0, MAX_PAYLOAD_CHARS) + "…";
        }
        return new DeadLetter(
                record.topic() + "-" + record.partition() + "-" + record.offset(),
                originalTopic(record),
                record.key(),
                headers.get(CloudEventHeaders.ID),
                headers.get(CloudEventHeaders.TYPE),
                failure,
                Instant.ofEpochMilli(record.timestamp()),
                payload);
    }

    private String originalTopic(ConsumerRecord<String, byte[]> record) {
        Header original = record.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_TOPIC);
        if (original != null && original.value() != null) {
            return new String(original.value(), StandardCharsets.UTF_8);
        }
        // <topic>.<group>.dlq
        String name = record.topic().substring(0, record.topic().length() - ".dlq".length());
        return name.substring(0, name.lastIndexOf('.'));
    }

    @Override
    public void destroy() {
        scheduler.dispose();
    }
}
