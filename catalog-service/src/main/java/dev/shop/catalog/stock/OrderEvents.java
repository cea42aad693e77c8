package dev.shop.catalog.stock;

import dev.shop.common.events.Topics;
import dev.shop.common.events.cart.OrderCancelled;
import dev.shop.common.events.cart.OrderConfirmed;
import dev.shop.common.events.cart.OrderPlaced;
import dev.shop.common.messaging.EventHandlers;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What catalog does with the order saga's events on {@code orders.v1}; the others are skipped. */
@Configuration(proxyBeanMethods = false)
class OrderEvents {

    @Bean
    EventHandlers orderEventHandlers(StockReservations reservations) {
        return EventHandlers.forTopic(Topics.ORDERS)
                .on(OrderPlaced.class, (event, metadata) -> reservations.reserve(event))
                .on(OrderCancelled.class, (event, metadata) -> reservations.release(event.orderId()))
                .on(OrderConfirmed.class, (event, metadata) -> reservations.sell(event.orderId()))
                .build();
    }
}
