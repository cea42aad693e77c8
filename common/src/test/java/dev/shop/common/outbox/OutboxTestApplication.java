package dev.shop.common.outbox;

import dev.shop.common.events.Topics;
import dev.shop.common.events.catalog.ProductUpserted;
import dev.shop.common.messaging.EventHandlers;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.r2dbc.spi.ConnectionFactory;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.r2dbc.core.DatabaseClient;

/** A minimal service for the outbox tests: it consumes product events and records what it applied. */
@SpringBootConfiguration
@EnableAutoConfiguration
class OutboxTestApplication {

    @Bean
    SimpleMeterRegistry meterRegistry() {
        return new SimpleMeterRegistry(); // services get theirs from the actuator
    }

    @Bean
    EventHandlers productEvents(ConnectionFactory connectionFactory) {
        var database = DatabaseClient.create(connectionFactory);
        return EventHandlers.forTopic(Topics.CATALOG_PRODUCTS)
                .on(
                        ProductUpserted.class,
                        (event, metadata) -> database.sql(
                                        "insert into applied_event (event_id, product_id, version) values (:id, :product, :version)")
                                .bind("id", metadata.id())
                                .bind("product", event.productId())
                                .bind("version", event.version())
                                .then())
                .build();
    }
}
