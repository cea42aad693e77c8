package dev.shop.common.messaging;

import dev.shop.common.events.EventTypes;
import dev.shop.common.events.ShopEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.springframework.messaging.Message;

/**
 * What a service does with the events of one topic: a handler per event class. Declare one bean per consumed topic:
 * it is that topic's Spring Cloud Stream consumer function (a {@code Consumer} of the poll's records, in batch mode),
 * bound by the bean's name ({@code spring.cloud.function.definition}; the binding {@code <bean name>-in-0} names the
 * topic, the group, the concurrency and the retries). common attaches the {@link EventDispatcher} that applies the
 * records; each message is dispatched on its {@code ce_type}. Types without a handler are skipped (a producer may add
 * types that this consumer has no use for).
 */
public final class EventHandlers implements Consumer<Message<List<byte[]>>> {

    private final String topic;
    private final Map<String, Registered<?>> byType;
    private volatile @Nullable EventDispatcher dispatcher;

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

    /** Applies one poll's records of the topic; throws, naming the first failed record, when some failed. */
    @Override
    public void accept(Message<List<byte[]>> batch) {
        var attached = dispatcher;
        if (attached == null) {
            throw new IllegalStateException("No dispatcher attached to the handlers of " + topic);
        }
        attached.onMessage(EventBatches.records(batch, topic));
    }

    void attach(EventDispatcher dispatcher) {
        this.dispatcher = dispatcher;
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
