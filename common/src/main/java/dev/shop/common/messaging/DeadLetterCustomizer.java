package dev.shop.common.messaging;

import dev.shop.common.events.InvalidEventException;
import dev.shop.common.events.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.BiFunction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.springframework.cloud.stream.binder.kafka.ListenerContainerWithDlqAndRetryCustomizer;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.FixedBackOff;

/**
 * Retries and dead letters of the event bindings, in each binding's listener container rather than in the binder: the
 * binder retries single records only, and the bindings are in batch mode. The container's error handler takes the
 * record the {@link EventDispatcher} names as failed, commits the poll's offsets before it, and delivers it again
 * with the binding's back-off ({@code max-attempts}, {@code back-off-initial-interval}, ...); once they are spent it
 * publishes the record to {@code <topic>.<group>.dlq} with the failure in its headers, and the binding moves on. A
 * message that cannot be an event ({@link InvalidEventException}) goes there at once. The container records no
 * timer of its own: the dispatcher's observation of each event is the {@code spring.kafka.listener} timer.
 */
public final class DeadLetterCustomizer implements ListenerContainerWithDlqAndRetryCustomizer {

    private final KafkaTemplate<String, byte[]> deadLetters;
    private final MeterRegistry meters;

    public DeadLetterCustomizer(KafkaTemplate<String, byte[]> deadLetters, MeterRegistry meters) {
        this.deadLetters = deadLetters;
        this.meters = meters;
    }

    @Override
    public void configure(
            AbstractMessageListenerContainer<?, ?> container,
            String destinationName,
            String group,
            @Nullable BiFunction<ConsumerRecord<?, ?>, Exception, TopicPartition> dlqDestinationResolver,
            @Nullable BackOff backOff) {
        var deadLettered = Counter.builder("shop.events.dead.lettered")
                .description("Consumed messages sent to the dead-letter topic")
                .tag("topic", destinationName)
                .register(meters);
        // any partition of the dead-letter topic: the record's key picks it
        var recoverer = new DeadLetterPublishingRecoverer(
                deadLetters, (record, failure) -> new TopicPartition(Topics.deadLetter(record.topic(), group), -1));
        var errorHandler = new DefaultErrorHandler(
                (record, failure) -> {
                    recoverer.accept(record, recordFailure(failure));
                    deadLettered.increment();
                },
                backOff != null ? backOff : new FixedBackOff(0, 0));
        errorHandler.addNotRetryableExceptions(InvalidEventException.class);
        container.setCommonErrorHandler(errorHandler);
        // the dispatcher observes each event (spring.kafka.listener, with the messaging tags); the container's own
        // timer of the same name per poll, with other tags, would be refused by Prometheus and cost each poll
        container.getContainerProperties().setMicrometerEnabled(false);
    }

    /** Retries and dead letters are the container's, never the binder's. */
    @Override
    public boolean retryAndDlqInBinding(String destinationName, String group) {
        return false;
    }

    /** What went wrong with the record itself, without the wrappers of the binder, the container and the batch. */
    private static Exception recordFailure(Exception failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BatchListenerFailedException batch && batch.getCause() instanceof Exception e) {
                return e;
            }
        }
        return failure;
    }
}
