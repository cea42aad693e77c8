package dev.shop.common.events;

import java.util.Objects;

/**
 * How one event class travels: its CloudEvents {@code ce_type}, the topic it is published on and the {@code ce_source}
 * of its producer.
 */
public record EventType(Class<? extends ShopEvent> eventClass, String type, String topic, String source) {

    public EventType {
        Objects.requireNonNull(eventClass, "eventClass");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(source, "source");
    }
}
