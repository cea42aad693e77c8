package dev.shop.common.messaging;

import dev.shop.common.events.InvalidEventException;
import dev.shop.common.events.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;
import tools.jackson.databind.json.JsonMapper;

/**
 * The service's consumers: one listener container per consumed topic, all in the service's consumer group. A message
 * that still fails after the configured retries is published to {@code <topic>.<group>.dlq} with the failure in its
 * headers, and the consumer moves on. Each consumer thread applies the records of a poll together (see
 * {@link EventDispatcher}). With an {@link ObservationRegistry} (a service with tracing), every record is handled in a
 * span continuing the trace of the record's {@code traceparent} header.
 */
public final class EventConsumers implements SmartLifecycle {

    private final List<ConcurrentMessageListenerContainer<String, byte[]>> containers;

    public EventConsumers(
            List<EventHandlers> topics,
            String group,
            ConsumerFactory<String, byte[]> consumerFactory,
            KafkaTemplate<String, byte[]> deadLetters,
            IdempotentConsumer idempotentConsumer,
            JsonMapper json,
            MessagingProperties properties,
            MeterRegistry meters,
            ObservationRegistry observations) {
        var duplicate = topics.stream()
                .map(EventHandlers::topic)
                .filter(topic ->
                        topics.stream().filter(t -> t.topic().equals(topic)).count() > 1)
                .findFirst();
        if (duplicate.isPresent()) {
            throw new IllegalStateException("One EventHandlers bean per topic: " + duplicate.get() + " has several");
        }
        this.containers = topics.stream()
                .map(handlers -> container(
                        handlers,
                        group,
                        consumerFactory,
                        deadLetters,
                        idempotentConsumer,
                        json,
                        properties,
                        meters,
                        observations))
                .toList();
    }

    private static ConcurrentMessageListenerContainer<String, byte[]> container(
            EventHandlers handlers,
            String group,
            ConsumerFactory<String, byte[]> consumerFactory,
            KafkaTemplate<String, byte[]> deadLetters,
            IdempotentConsumer idempotentConsumer,
            JsonMapper json,
            MessagingProperties properties,
            MeterRegistry meters,
            ObservationRegistry observations) {
        var skipped = Counter.builder("shop.events.skipped")
                .description("Consumed events of a type this service has no handler for")
                .tag("topic", handlers.topic())
                .register(meters);
        var deadLettered = Counter.builder("shop.events.dead.lettered")
                .description("Consumed messages sent to the dead-letter topic")
                .tag("topic", handlers.topic())
                .register(meters);
        var containerProperties = new ContainerProperties(handlers.topic());
        containerProperties.setGroupId(group);
        containerProperties.setAckMode(ContainerProperties.AckMode.BATCH);
        var listenerId = group + "-" + handlers.topic();
        // a batch listener: the dispatcher opens each record's span itself (the container observes single records only)
        containerProperties.setMessageListener(new EventDispatcher(
                handlers, group, listenerId, idempotentConsumer, json, properties, skipped, observations));
        var container = new ConcurrentMessageListenerContainer<>(consumerFactory, containerProperties);
        container.setConcurrency(properties.concurrency());
        container.setBeanName(listenerId);

        // any partition of the dead-letter topic: the record's key picks it
        var recoverer = new DeadLetterPublishingRecoverer(
                deadLetters, (record, failure) -> new TopicPartition(Topics.deadLetter(record.topic(), group), -1));
        var backOff = new ExponentialBackOff(properties.retryBackoff().toMillis(), 2.0);
        backOff.setMaxAttempts(properties.retries());
        var errorHandler = new DefaultErrorHandler(
                (record, failure) -> {
                    recoverer.accept(record, recordFailure(failure));
                    deadLettered.increment();
                },
                backOff);
        errorHandler.addNotRetryableExceptions(InvalidEventException.class);
        container.setCommonErrorHandler(errorHandler);
        return container;
    }

    /** What went wrong with the record itself, without the wrappers of the listener container and the batch. */
    private static Exception recordFailure(Exception failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BatchListenerFailedException batch && batch.getCause() instanceof Exception e) {
                return e;
            }
        }
        return failure;
    }

    @Override
    public void start() {
        containers.forEach(ConcurrentMessageListenerContainer::start);
    }

    @Override
    public void stop() {
        // each container finishes the records in hand and commits their offsets before it stops
        containers.forEach(ConcurrentMessageListenerContainer::stop);
    }

    @Override
    public boolean isRunning() {
        return containers.stream().anyMatch(ConcurrentMessageListenerContainer::isRunning);
    }
}
