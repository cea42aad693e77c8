package dev.shop.cart.product;

import dev.shop.common.events.Topics;
import dev.shop.common.events.catalog.ProductDeleted;
import dev.shop.common.events.catalog.ProductUpserted;
import dev.shop.common.messaging.EventHandlers;
import dev.shop.common.tracing.InTrace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Mono;

/** Keeps the read model up to date from {@code catalog.products.v1}; an event older than the row changes nothing. */
@Configuration(proxyBeanMethods = false)
class ProductEvents {

    private static final Logger log = LoggerFactory.getLogger(ProductEvents.class);

    @Bean
    EventHandlers catalogProductHandlers(ProductReadModel products) {
        return EventHandlers.forTopic(Topics.CATALOG_PRODUCTS)
                .on(
                        ProductUpserted.class,
                        (event, metadata) -> products.apply(event)
                                .flatMap(changed -> logIfStale(changed, event.productId(), event.version())))
                .on(
                        ProductDeleted.class,
                        (event, metadata) -> products.apply(event)
                                .flatMap(changed -> logIfStale(changed, event.productId(), event.version())))
                .build();
    }

    private static Mono<Void> logIfStale(boolean changed, Object productId, long version) {
        if (changed) {
            return Mono.empty();
        }
        return InTrace.run(() ->
                log.debug("Product {} version {} is not newer than the read model's; ignored", productId, version));
    }
}
