package dev.shop.common.events;

/**
 * An event that one service publishes and others consume. Implementations are immutable records named in the past
 * tense; their {@link EventType} (topic, {@code ce_type}, {@code ce_source}) is found through {@link EventTypes}.
 */
public interface ShopEvent {

    /**
     * The Kafka record key: the id of the aggregate the event is about, so that events of one aggregate stay in order.
     * Deliberately not a bean-style getter, so that JSON mappers leave it out of the payload.
     */
    String key();
}
