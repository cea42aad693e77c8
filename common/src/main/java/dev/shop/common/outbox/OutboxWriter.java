package dev.shop.common.outbox;

import dev.shop.common.events.EventMetadata;
import dev.shop.common.events.EventTypes;
import dev.shop.common.events.ShopEvent;
import dev.shop.common.events.Topics;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.NoTransactionException;
import org.springframework.transaction.reactive.TransactionSynchronizationManager;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Appends events to the outbox inside the caller's R2DBC transaction, so the event row commits with the state change
 * or not at all. Outside a transaction it refuses to write: an event without its state change is a lie.
 */
public final class OutboxWriter {

    private final DatabaseClient database;
    private final JsonMapper json;
    private final Clock clock;
    private final TraceparentSource traceparent;

    public OutboxWriter(DatabaseClient database, JsonMapper json, Clock clock, TraceparentSource traceparent) {
        this.database = database;
        this.json = json;
        this.clock = clock;
        this.traceparent = traceparent;
    }

    /** Writes {@code event} with a fresh {@code ce_id}, the current time and trace context; emits its metadata. */
    public Mono<EventMetadata> append(ShopEvent event) {
        return TransactionSynchronizationManager.forCurrentTransaction()
                .filter(TransactionSynchronizationManager::isActualTransactionActive)
                .onErrorResume(NoTransactionException.class, e -> Mono.empty())
                .switchIfEmpty(Mono.error(() -> new IllegalStateException(
                        "OutboxWriter.append must run inside the transaction of the state change")))
                // handle: the trace of the request or event is in thread locals there, where the traceparent is read
                .<EventMetadata>handle((inTransaction, sink) -> sink.next(metadataOf(event)))
                .flatMap(metadata -> insert(event, metadata));
    }

    /**
     * Writes a consumed event to the consumer's dead-letter topic ({@code <topic>.<group>.dlq}) in the caller's
     * transaction, as the consumer's dead-letter publisher would after its retries: its key, its own CloudEvents
     * attributes ({@code ce_id} included, so a replay is still the same event) and the failure in the
     * {@code kafka_dlt-*} headers. For an event the service applied in part and leaves to a person for the rest.
     *
     * @param received the event's attributes as consumed
     * @param failure what is wrong with it, for the person who reads the dead letter
     */
    public Mono<Void> appendDeadLetter(
            ShopEvent event, EventMetadata received, String group, Class<?> failureType, String failure) {
        String topic = EventTypes.of(event).topic();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(KafkaHeaders.DLT_ORIGINAL_TOPIC, topic);
        headers.put(KafkaHeaders.DLT_EXCEPTION_FQCN, failureType.getName());
        headers.put(KafkaHeaders.DLT_EXCEPTION_MESSAGE, failure);
        var insert = database.sql("""
                        insert into outbox_event
                            (event_id, topic, event_key, event_type, source, subject, occurred_at, traceparent, payload,
                             headers)
                        values (:eventId, :topic, :key, :type, :source, :subject, :occurredAt, :traceparent, :payload,
                                :headers)
                        """)
                .bind("eventId", UUID.fromString(received.id()))
                .bind("topic", Topics.deadLetter(topic, group))
                .bind("key", event.key())
                .bind("type", received.type())
                .bind("source", received.source())
                .bind("occurredAt", received.time().atOffset(ZoneOffset.UTC))
                .bind("payload", json.writeValueAsString(event))
                .bind("headers", json.writeValueAsString(headers));
        insert = received.subject() == null
                ? insert.bindNull("subject", String.class)
                : insert.bind("subject", received.subject());
        insert = received.traceparent() == null
                ? insert.bindNull("traceparent", String.class)
                : insert.bind("traceparent", received.traceparent());
        return insert.then();
    }

    private EventMetadata metadataOf(ShopEvent event) {
        // PostgreSQL keeps microseconds: truncate so ce_time reads back exactly as it was written
        return EventMetadata.newFor(event, clock.instant().truncatedTo(ChronoUnit.MICROS), traceparent.current());
    }

    private Mono<EventMetadata> insert(ShopEvent event, EventMetadata metadata) {
        var type = EventTypes.of(event);
        var payload = json.writeValueAsString(event);
        var insert = database.sql("""
                        insert into outbox_event
                            (event_id, topic, event_key, event_type, source, subject, occurred_at, traceparent, payload)
                        values (:eventId, :topic, :key, :type, :source, :subject, :occurredAt, :traceparent, :payload)
                        """)
                .bind("eventId", UUID.fromString(metadata.id()))
                .bind("topic", type.topic())
                .bind("key", event.key())
                .bind("type", metadata.type())
                .bind("source", metadata.source())
                .bind("occurredAt", metadata.time().atOffset(ZoneOffset.UTC))
                .bind("payload", payload);
        insert = metadata.subject() == null
                ? insert.bindNull("subject", String.class)
                : insert.bind("subject", metadata.subject());
        insert = metadata.traceparent() == null
                ? insert.bindNull("traceparent", String.class)
                : insert.bind("traceparent", metadata.traceparent());
        return insert.then().thenReturn(metadata);
    }
}
