package dev.shop.common.messaging;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * What every service's Spring Cloud Stream consumers share, as defaults below everything a service or a deployment
 * configures: the group (the service's name, or {@code shop.events.group}), batch mode (a poll's records to one call,
 * see {@link EventDispatcher}), the records as the broker holds them (string keys, byte values, no conversion), the
 * broker of Spring Boot's Kafka settings, an idle fetch that waits long at the broker, and retries: three redeliveries
 * of a failing record, half a second apart and doubling, before it goes to its dead-letter topic. Only the functions a
 * service names in {@code spring.cloud.function.definition} are bound; its binding names their topics and may override
 * any of these.
 */
public final class EventBindingDefaults implements EnvironmentPostProcessor {

    static final String SOURCE = "shopEventBindingDefaults";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> defaults = new LinkedHashMap<>();
        // only the functions spring.cloud.function.definition names are bound: a lone Function bean that has nothing to
        // do with events (a NettyServerCustomizer is one) is never taken for a consumer
        defaults.put("spring.cloud.stream.function.autodetect", false);
        defaults.put("spring.cloud.stream.default.group", "${shop.events.group:${spring.application.name}}");
        defaults.put("spring.cloud.stream.default.consumer.batch-mode", true);
        defaults.put("spring.cloud.stream.default.consumer.use-native-decoding", true);
        defaults.put("spring.cloud.stream.default.consumer.max-attempts", 4);
        defaults.put("spring.cloud.stream.default.consumer.back-off-initial-interval", 500);
        defaults.put("spring.cloud.stream.default.consumer.back-off-multiplier", 2.0);
        defaults.put("spring.cloud.stream.default.consumer.back-off-max-interval", 10_000);
        defaults.put(
                "spring.cloud.stream.kafka.default.consumer.configuration.key.deserializer",
                "org.apache.kafka.common.serialization.StringDeserializer");
        defaults.put(
                "spring.cloud.stream.kafka.default.consumer.configuration.value.deserializer",
                "org.apache.kafka.common.serialization.ByteArrayDeserializer");
        // an idle consumer's fetch waits at the broker up to 5 s instead of half a second (a fetch still returns as
        // soon as a record arrives): ten times fewer requests from a shop that has nothing to do
        defaults.put("spring.cloud.stream.kafka.default.consumer.configuration.fetch.max.wait.ms", 5000);
        defaults.put("spring.cloud.stream.kafka.binder.brokers", "${spring.kafka.bootstrap-servers:localhost:9092}");
        // topics are created up front, never by a consumer
        defaults.put("spring.cloud.stream.kafka.binder.auto-create-topics", false);
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE, defaults));
    }
}
