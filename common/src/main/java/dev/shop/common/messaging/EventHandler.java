package dev.shop.common.messaging;

import dev.shop.common.events.EventMetadata;
import dev.shop.common.events.ShopEvent;
import reactor.core.publisher.Mono;

/**
 * Applies one consumed event. It runs inside the transaction that records the event's {@code ce_id}, so its effect
 * and that record commit together, and a redelivered event never reaches it again.
 */
@FunctionalInterface
public interface EventHandler<E extends ShopEvent> {

    Mono<Void> handle(E event, EventMetadata metadata);
}
