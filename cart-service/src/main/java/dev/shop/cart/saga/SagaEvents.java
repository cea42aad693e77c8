package dev.shop.cart.saga;

import dev.shop.common.events.Topics;
import dev.shop.common.events.cart.CancellationReason;
import dev.shop.common.events.catalog.StockRejected;
import dev.shop.common.events.catalog.StockReserved;
import dev.shop.common.events.payment.PaymentFailed;
import dev.shop.common.events.payment.PaymentRefunded;
import dev.shop.common.events.payment.PaymentSucceeded;
import dev.shop.common.messaging.EventHandlers;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The saga's consumers, one per topic (group {@code cart-service}): each event is applied once by its {@code ce_id},
 * in the transaction of its effect; one that keeps failing goes to {@code <topic>.cart-service.dlq}.
 */
@Configuration(proxyBeanMethods = false)
class SagaEvents {

    @Bean
    EventHandlers inventoryHandlers(OrderSaga saga) {
        return EventHandlers.forTopic(Topics.INVENTORY)
                .on(StockReserved.class, (event, metadata) -> saga.stockReserved(event.orderId()))
                .on(StockRejected.class, (event, metadata) -> saga.stockRejected(event.orderId()))
                .build();
    }

    @Bean
    EventHandlers paymentHandlers(OrderSaga saga) {
        return EventHandlers.forTopic(Topics.PAYMENTS)
                .on(PaymentSucceeded.class, saga::paymentSucceeded)
                .on(
                        PaymentFailed.class,
                        (event, metadata) -> saga.paymentFailed(
                                event.orderId(),
                                CancellationReason.valueOf(event.reason().name())))
                .on(PaymentRefunded.class, (event, metadata) -> saga.paymentRefunded(event.orderId()))
                .build();
    }
}
