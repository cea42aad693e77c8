package dev.shop.common.messaging;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a service consumes events.
 *
 * @param group the consumer group; defaults to {@code spring.application.name}
 * @param concurrency consumer threads per topic (at most the topic's partitions are busy)
 * @param inFlight events of different keys a consumer thread applies at the same time (a key's events are applied
 *     one after the other); each holds a database connection, so {@code concurrency × inFlight} of a busy topic
 *     should leave most of the pool to the service's requests
 * @param retries redeliveries of a failing message before it goes to {@code <topic>.<group>.dlq}
 * @param retryBackoff pause before the first redelivery; it doubles for the next ones
 * @param handlerTimeout how long one event's transaction may take before it counts as failed
 */
@ConfigurationProperties("shop.events")
public record MessagingProperties(
        @Nullable String group,
        @DefaultValue("1") int concurrency,
        @DefaultValue("4") int inFlight,
        @DefaultValue("3") int retries,
        @DefaultValue("500ms") Duration retryBackoff,
        @DefaultValue("30s") Duration handlerTimeout) {

    public MessagingProperties {
        if (concurrency < 1 || inFlight < 1) {
            throw new IllegalArgumentException("shop.events.concurrency and shop.events.in-flight must be at least 1");
        }
    }
}
