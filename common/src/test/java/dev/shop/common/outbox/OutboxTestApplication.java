package dev.shop.common.outbox;

import dev.shop.common.events.Topics;
import dev.shop.common.events.catalog.ProductUpserted;
import dev.shop.common.messaging.EventHandlers;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.r2dbc.spi.ConnectionFactory;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/** A minimal service for the outbox tests: it consumes product events and records what it applied. */
@SpringBootConfiguration
@EnableAutoConfiguration
class OutboxTestApplication {

    @Bean
    SimpleMeterRegistry meterRegistry() {
        return new SimpleMeterRegistry(); // services get theirs from the actuator
    }

    @Bean
    Handling handling() {
        return new Handling();
    }

    /**
     * Applies a product event by recording it, after a short pause so that events handled together overlap. A product
     * named {@link Handling#FAILS_TWICE} fails its first two attempts: in a poll of several events, the attempt with
     * the whole poll and the one on its own.
     */
    @Bean
    EventHandlers productEvents(ConnectionFactory connectionFactory, Handling handling) {
        var database = DatabaseClient.create(connectionFactory);
        return EventHandlers.forTopic(Topics.CATALOG_PRODUCTS)
                .on(
                        ProductUpserted.class,
                        (event, metadata) -> Mono.defer(() -> {
                                    handling.started();
                                    if (Handling.FAILS_TWICE.equals(event.name())
                                            && handling.attempt(metadata.id()) <= 2) {
                                        return Mono.error(new IllegalStateException("the first attempts fail"));
                                    }
                                    return database.sql("select pg_sleep(0.02)")
                                            .then()
                                            .then(database.sql(
                                                            "insert into applied_event (event_id, product_id, version) values (:id, :product, :version)")
                                                    .bind("id", metadata.id())
                                                    .bind("product", event.productId())
                                                    .bind("version", event.version())
                                                    .then());
                                })
                                .doFinally(signal -> handling.finished()))
                .build();
    }

    /** What the tests learn about the handler's calls: how many ran at the same time at most, and attempts per event. */
    static final class Handling {

        static final String FAILS_TWICE = "fails-twice";

        private final AtomicInteger running = new AtomicInteger();
        private final AtomicInteger mostAtOnce = new AtomicInteger();
        private final Map<String, Integer> attempts = new ConcurrentHashMap<>();

        void started() {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
        }

        void finished() {
            running.decrementAndGet();
        }

        /** Counts an attempt at the event; returns which one it is, from 1. */
        int attempt(String eventId) {
            return attempts.merge(eventId, 1, Integer::sum);
        }

        int mostAtOnce() {
            return mostAtOnce.get();
        }
    }
}
