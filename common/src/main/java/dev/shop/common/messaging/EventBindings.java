package dev.shop.common.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.core.env.Environment;
import tools.jackson.databind.json.JsonMapper;

/**
 * Connects each {@link EventHandlers} bean to its Spring Cloud Stream binding: checks that the bean is one of the
 * functions bound ({@code spring.cloud.function.definition}) and that its binding {@code <bean name>-in-0} reads the
 * handlers' topic, and attaches the {@link EventDispatcher} that applies the records. A service whose configuration
 * and handlers disagree does not start: a topic read by nothing, or read by the wrong handlers, would lose no event
 * loudly but delay every one silently.
 */
public final class EventBindings {

    /** The property naming the functions Spring Cloud Stream binds. */
    static final String DEFINITION = "spring.cloud.function.definition";

    private final Map<String, String> topicsByBinding;

    public EventBindings(
            Map<String, EventHandlers> handlersByBean,
            Environment environment,
            String group,
            IdempotentConsumer idempotentConsumer,
            JsonMapper json,
            MessagingProperties properties,
            MeterRegistry meters,
            ObservationRegistry observations) {
        var bound = functionsBound(environment);
        var byTopic = new HashMap<String, String>();
        var bindings = new HashMap<String, String>();
        handlersByBean.forEach((bean, handlers) -> {
            var other = byTopic.putIfAbsent(handlers.topic(), bean);
            if (other != null) {
                throw new IllegalStateException("One EventHandlers bean per topic: " + other + " and " + bean
                        + " both handle " + handlers.topic());
            }
            if (!bound.contains(bean)) {
                throw new IllegalStateException("EventHandlers bean " + bean + " (" + handlers.topic()
                        + ") is not bound: add it to " + DEFINITION + " (now " + bound + ")");
            }
            var binding = bean + "-in-0";
            var destinationProperty = "spring.cloud.stream.bindings." + binding + ".destination";
            var destination = environment.getProperty(destinationProperty);
            if (!handlers.topic().equals(destination)) {
                throw new IllegalStateException("Set " + destinationProperty + " to " + handlers.topic()
                        + ", the topic of " + bean + " (now " + destination + ")");
            }
            bindings.put(binding, handlers.topic());
            var skipped = Counter.builder("shop.events.skipped")
                    .description("Consumed events of a type this service has no handler for")
                    .tag("topic", handlers.topic())
                    .register(meters);
            handlers.attach(new EventDispatcher(
                    handlers,
                    group,
                    group + "-" + handlers.topic(),
                    idempotentConsumer,
                    json,
                    properties,
                    skipped,
                    observations));
        });
        this.topicsByBinding = Map.copyOf(bindings);
    }

    /** The topic each binding reads, by binding name. */
    public Map<String, String> topicsByBinding() {
        return topicsByBinding;
    }

    private static Set<String> functionsBound(Environment environment) {
        var definition = environment.getProperty(DEFINITION, "");
        return Arrays.stream(definition.split(";"))
                .map(String::trim)
                .filter(name -> !name.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }
}
