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
 * @param retries redeliveries of a failing message before it goes to {@code <topic>.<group>.dlq}
 * @param retryBackoff pause before the first redelivery; it doubles for the next ones
 * @param handlerTimeout how long the listener thread waits for one event's transaction
 */
@ConfigurationProperties("shop.events")
public record MessagingProperties(
        @Nullable String group,
        @DefaultValue("1") int concurrency,
        @DefaultValue("3") int retries,
        @DefaultValue("500ms") Duration retryBackoff,
        @DefaultValue("30s") Duration handlerTimeout) {}
