package dev.shop.common.messaging;

import dev.shop.common.events.EventTypes;
import dev.shop.common.events.ShopEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a service does with the events of one topic: a handler per event class. Declare one bean per consumed topic;
 * the service's consumer of that topic dispatches each message on its {@code ce_type}. Types without a handler are
 * skipped (a producer may add types that this consumer has no use for).
 */
public final class EventHandlers {

    private final String topic;
    private final Map<String, Registered<?>> byType;

    private EventHandlers(String topic, Map<String, Registered<?>> byType) {
        this.topic = topic;
        this.byType = Map.copyOf(byType);
    }

    public static Builder forTopic(String topic) {
        return new Builder(topic);
    }

    public String topic() {
        return topic;
    }

    Optional<Registered<?>> forType(String ceType) {
        return Optional.ofNullable(byType.get(ceType));
    }

    record Registered<E extends ShopEvent>(Class<E> eventClass, EventHandler<E> handler) {}

    public static final class Builder {
        private final String topic;
        private final Map<String, Registered<?>> byType = new LinkedHashMap<>();

        private Builder(String topic) {
            this.topic = topic;
        }

        public <E extends ShopEvent> Builder on(Class<E> eventClass, EventHandler<E> handler) {
            var type = EventTypes.of(eventClass);
            if (!type.topic().equals(topic)) {
                throw new IllegalArgumentException(
                        eventClass.getSimpleName() + " is published on " + type.topic() + ", not on " + topic);
            }
            if (byType.putIfAbsent(type.type(), new Registered<>(eventClass, handler)) != null) {
                throw new IllegalArgumentException("Two handlers for " + eventClass.getSimpleName());
            }
            return this;
        }

        public EventHandlers build() {
            if (byType.isEmpty()) {
                throw new IllegalStateException("No handler for any event of " + topic);
            }
            return new EventHandlers(topic, byType);
        }
    }
}
