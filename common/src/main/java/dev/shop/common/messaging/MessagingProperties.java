package dev.shop.common.messaging;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a service applies the events it consumes. The consuming itself (topics, consumer threads, retries) is the
 * Spring Cloud Stream bindings' configuration: {@code spring.cloud.stream.bindings.<handlers bean>-in-0.*}.
 *
 * @param group the consumer group; defaults to {@code spring.application.name}
 * @param inFlight events of different keys a consumer thread applies at the same time when it applies a poll record
 *     by record (a key's events are applied one after the other); each holds a database connection, so a binding's
 *     {@code concurrency × inFlight} should leave most of the pool to the service's requests
 * @param handlerTimeout how long one event's transaction (or one poll's, applied together) may take before it counts
 *     as failed
 */
@ConfigurationProperties("shop.events")
public record MessagingProperties(
        @Nullable String group,
        @DefaultValue("4") int inFlight,
        @DefaultValue("30s") Duration handlerTimeout) {

    public MessagingProperties {
        if (inFlight < 1) {
            throw new IllegalArgumentException("shop.events.in-flight must be at least 1");
        }
    }
}
