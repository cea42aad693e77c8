package dev.shop.payment.payment;

import dev.shop.common.events.Topics;
import dev.shop.common.events.cart.OrderCancelled;
import dev.shop.common.events.cart.PaymentRequested;
import dev.shop.common.messaging.EventHandlers;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What payment does with the order saga's events on {@code orders.v1}: {@code PaymentRequested} and
 * {@code OrderCancelled}; the rest is skipped.
 */
@Configuration(proxyBeanMethods = false)
class OrderEvents {

    @Bean
    EventHandlers orderEventHandlers(PaymentRequests requests, OrderCancellations cancellations) {
        return EventHandlers.forTopic(Topics.ORDERS)
                .on(PaymentRequested.class, (event, metadata) -> requests.record(event))
                .on(OrderCancelled.class, (event, metadata) -> cancellations.cancelled(event))
                .build();
    }
}
