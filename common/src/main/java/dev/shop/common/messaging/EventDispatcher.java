package dev.shop.common.messaging;

import dev.shop.common.events.EventMetadata;
import dev.shop.common.events.InvalidEventException;
import dev.shop.common.events.ShopEvent;
import io.micrometer.core.instrument.Counter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.MessageListener;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The listener of one topic: reads the CloudEvents headers, finds the handler for {@code ce_type}, parses the payload
 * and applies it once. A message that cannot be an event (missing headers, bad JSON) fails with
 * {@link InvalidEventException}, which is not retried: it goes straight to the dead-letter topic.
 */
final class EventDispatcher implements MessageListener<String, byte[]> {

    private static final Logger log = LoggerFactory.getLogger(EventDispatcher.class);

    private final EventHandlers handlers;
    private final String group;
    private final IdempotentConsumer idempotentConsumer;
    private final JsonMapper json;
    private final Duration handlerTimeout;
    private final Counter skipped;

    EventDispatcher(
            EventHandlers handlers,
            String group,
            IdempotentConsumer idempotentConsumer,
            JsonMapper json,
            Duration handlerTimeout,
            Counter skipped) {
        this.handlers = handlers;
        this.group = group;
        this.idempotentConsumer = idempotentConsumer;
        this.json = json;
        this.handlerTimeout = handlerTimeout;
        this.skipped = skipped;
    }

    @Override
    public void onMessage(ConsumerRecord<String, byte[]> record) {
        var headers = new HashMap<String, String>();
        record.headers().forEach(header -> {
            if (header.value() != null) {
                headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
            }
        });
        var metadata = EventMetadata.fromHeaders(headers);
        var registered = handlers.forType(metadata.type());
        if (registered.isEmpty()) {
            skipped.increment();
            log.info(
                    "Skipping event {} of type {} on {}: {} has no handler for it",
                    metadata.id(),
                    metadata.type(),
                    record.topic(),
                    group);
            return;
        }
        apply(registered.get(), record, metadata);
    }

    private <E extends ShopEvent> void apply(
            EventHandlers.Registered<E> registered, ConsumerRecord<String, byte[]> record, EventMetadata metadata) {
        if (record.value() == null) {
            throw new InvalidEventException("Event " + metadata.id() + " has no payload");
        }
        E event;
        try {
            event = json.readValue(record.value(), registered.eventClass());
        } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
            throw new InvalidEventException(
                    "Payload of event " + metadata.id() + " is not a valid " + metadata.type() + ": " + e.getMessage(),
                    e);
        }
        // a Kafka listener thread is not an event loop: it may wait, bounded, for the event's reactive transaction,
        // which is how a failure reaches the container's retries and dead-letter topic
        idempotentConsumer
                .runOnce(
                        group,
                        metadata.id(),
                        Mono.defer(() -> registered.handler().handle(event, metadata)))
                // the record's span (see EventConsumers) goes with the handler onto whatever threads it runs on
                .contextCapture()
                .block(handlerTimeout);
    }
}
