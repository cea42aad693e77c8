package dev.shop.common.messaging;

import dev.shop.common.events.EventMetadata;
import dev.shop.common.events.InvalidEventException;
import dev.shop.common.events.ShopEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.micrometer.KafkaListenerObservation;
import org.springframework.kafka.support.micrometer.KafkaListenerObservation.DefaultKafkaListenerObservationConvention;
import org.springframework.kafka.support.micrometer.KafkaRecordReceiverContext;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Applies the records of one poll of a topic (Spring Cloud Stream hands them over in batch mode, see
 * {@link EventHandlers}). Each record's CloudEvents headers pick its handler ({@code ce_type}); its payload is parsed
 * and applied once, in a span continuing the trace of its {@code traceparent} header.
 *
 * <p>The poll is first applied in <b>one transaction</b>: the {@code ce_id}s are recorded together (one statement),
 * and the effects of the records not consumed before follow one after the other, in the poll's order (so each key's
 * in offset order). That is one commit for the whole poll instead of one per event. If anything in it fails, nothing of
 * it stays, and the poll is applied record by record instead, each in its own transaction: the records of one key one
 * after the other in offset order, different keys at the same time (at most {@code inFlight}).
 *
 * <p>A message that cannot be an event (missing headers, bad JSON) fails with {@link InvalidEventException}, which is
 * not retried: it goes straight to the dead-letter topic. When records fail, the first failed one (by its place in
 * the poll) is reported to the container's error handler, which commits the offsets before it and delivers it and
 * everything after it again. Records after it that were already applied (other keys) come back too and find their
 * event ids consumed: nothing happens twice. A key stops at its first failure, so a later event of that key is never
 * applied before an earlier one.
 */
final class EventDispatcher {

    private static final Logger log = LoggerFactory.getLogger(EventDispatcher.class);

    private final EventHandlers handlers;
    private final String group;
    private final String listenerId;
    private final IdempotentConsumer idempotentConsumer;
    private final JsonMapper json;
    private final Duration handlerTimeout;
    private final int inFlight;
    private final Counter skipped;
    private final ObservationRegistry observations;

    EventDispatcher(
            EventHandlers handlers,
            String group,
            String listenerId,
            IdempotentConsumer idempotentConsumer,
            JsonMapper json,
            MessagingProperties properties,
            Counter skipped,
            ObservationRegistry observations) {
        this.handlers = handlers;
        this.group = group;
        this.listenerId = listenerId;
        this.idempotentConsumer = idempotentConsumer;
        this.json = json;
        this.handlerTimeout = properties.handlerTimeout();
        this.inFlight = properties.inFlight();
        this.skipped = skipped;
        this.observations = observations;
    }

    void onMessage(List<ConsumerRecord<String, byte[]>> records) {
        // called on a Kafka listener thread, not an event loop: the container commits the poll's offsets when this
        // returns, so it waits for the poll's transaction (bounded by the handler timeout)
        if (records.size() > 1 && Boolean.TRUE.equals(applyTogether(records).block())) {
            return;
        }
        applyOneByOne(records);
    }

    /** The poll in one transaction; emits false (and nothing of it stays) when anything in it failed. */
    private Mono<Boolean> applyTogether(List<ConsumerRecord<String, byte[]>> records) {
        return Mono.defer(() -> {
                    var routed = new ArrayList<Routed<?>>(records.size());
                    int unknown = 0;
                    for (var record : records) {
                        var metadata = metadata(record);
                        var registered = handlers.forType(metadata.type());
                        if (registered.isEmpty()) {
                            unknown++;
                        } else {
                            routed.add(route(registered.get(), record, metadata));
                        }
                    }
                    int skippedTypes = unknown;
                    var ids = routed.stream()
                            .map(event -> event.metadata().id())
                            .distinct()
                            .toList();
                    return idempotentConsumer
                            .runTogether(
                                    group,
                                    ids,
                                    fresh -> Flux.fromIterable(routed)
                                            // a ce_id twice in one poll (a redelivery beside the first): once
                                            .filter(event -> fresh.remove(
                                                    event.metadata().id()))
                                            .concatMap(event -> observed(event.record(), event::apply))
                                            .then())
                            .timeout(handlerTimeout)
                            .then(Mono.fromRunnable(() -> skipped.increment(skippedTypes)))
                            .thenReturn(true);
                })
                .onErrorResume(e -> {
                    log.debug(
                            "A poll of {} records of {} failed in one transaction; applying them one by one: {}",
                            records.size(),
                            handlers.topic(),
                            e.toString());
                    return Mono.just(false);
                });
    }

    private void applyOneByOne(List<ConsumerRecord<String, byte[]>> records) {
        var byKey = new LinkedHashMap<@Nullable String, List<Integer>>();
        for (int i = 0; i < records.size(); i++) {
            byKey.computeIfAbsent(records.get(i).key(), key -> new ArrayList<>())
                    .add(i);
        }
        var failures = new ConcurrentSkipListMap<Integer, Throwable>();
        // a Kafka listener thread is not an event loop: it waits for the poll's transactions (each bounded by the
        // handler timeout), which is how a failure reaches the container's retries and dead-letter topic
        Flux.fromIterable(byKey.values())
                .flatMap(
                        indexes -> Flux.fromIterable(indexes)
                                .concatMap(index -> handle(records.get(index)).doOnError(e -> failures.put(index, e)))
                                .onErrorComplete(),
                        inFlight)
                .blockLast();
        if (!failures.isEmpty()) {
            var first = failures.firstEntry();
            throw new BatchListenerFailedException(
                    "Handling the event at offset "
                            + records.get(first.getKey()).offset() + " failed",
                    first.getValue(),
                    first.getKey());
        }
    }

    private Mono<Void> handle(ConsumerRecord<String, byte[]> record) {
        return observed(record, () -> dispatch(record)).timeout(handlerTimeout);
    }

    /** Runs {@code work} in the record's span, continuing the trace of its {@code traceparent}. */
    private Mono<Void> observed(ConsumerRecord<String, byte[]> record, Supplier<Mono<Void>> work) {
        return Mono.defer(() -> {
            var observation = KafkaListenerObservation.LISTENER_OBSERVATION
                    .observation(
                            null,
                            DefaultKafkaListenerObservationConvention.INSTANCE,
                            () -> new KafkaRecordReceiverContext(record, listenerId, listenerId, group, () -> null),
                            observations)
                    .start();
            // the dispatch's own steps (parsing, building the handler's chain) run in the record's span as well
            return Mono.defer(() -> observation.scoped(work::get))
                    .doOnError(observation::error)
                    .doFinally(signal -> observation.stop())
                    // the handler's reactive chain carries the record's trace, on whatever threads it runs: the
                    // outbox rows it writes and its log lines written through InTrace have it
                    .contextWrite(context -> context.put(ObservationThreadLocalAccessor.KEY, observation));
        });
    }

    private static EventMetadata metadata(ConsumerRecord<String, byte[]> record) {
        var headers = new HashMap<String, String>();
        record.headers().forEach(header -> {
            if (header.value() != null) {
                headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
            }
        });
        return EventMetadata.fromHeaders(headers);
    }

    private Mono<Void> dispatch(ConsumerRecord<String, byte[]> record) {
        var metadata = metadata(record);
        var registered = handlers.forType(metadata.type());
        if (registered.isEmpty()) {
            skipped.increment();
            log.info(
                    "Skipping event {} of type {} on {}: {} has no handler for it",
                    metadata.id(),
                    metadata.type(),
                    record.topic(),
                    group);
            return Mono.empty();
        }
        var event = route(registered.get(), record, metadata);
        return idempotentConsumer
                .runOnce(group, metadata.id(), Mono.defer(event::apply))
                .then();
    }

    /** A record parsed for its handler, ready to apply. */
    private record Routed<E extends ShopEvent>(
            ConsumerRecord<String, byte[]> record,
            EventMetadata metadata,
            E event,
            EventHandlers.Registered<E> registered) {

        Mono<Void> apply() {
            return registered.handler().handle(event, metadata);
        }
    }

    private <E extends ShopEvent> Routed<E> route(
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
        return new Routed<>(record, metadata, event, registered);
    }
}
