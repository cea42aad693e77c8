package dev.shop.catalog.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shop.catalog.IntegrationTestSupport;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * r2dbc-pool issue 190: with Reactor Netty's default colocation every pooled connection lands on the event loop that
 * created the first one, so all database I/O runs on one thread. This holds eight connections at once and records the
 * thread each query's result arrives on: they must be spread over the dedicated loops. Checked to fail with
 * {@code LoopResources.create("r2dbc-pg", 1, 2, true, false)}, the usual fix (all eight on one thread), and without
 * dedicated loops ({@code shop.r2dbc.dedicated-event-loops=false}: Reactor Netty's shared loops).
 */
class R2dbcEventLoopsIntegrationTest extends IntegrationTestSupport {

    @Autowired
    ConnectionFactory connectionFactory;

    @Test
    void spreadsDatabaseConnectionsOverSeveralEventLoops() {
        Set<String> threads = Flux.range(0, 8)
                .flatMap(
                        i -> Mono.usingWhen(
                                connectionFactory.create(),
                                connection -> Flux.from(connection
                                                .createStatement("select pg_sleep(0.2)")
                                                .execute())
                                        .flatMap(result -> result.map((row, metadata) -> 1))
                                        .then(Mono.fromSupplier(
                                                () -> Thread.currentThread().getName())),
                                Connection::close),
                        8)
                .collect(Collectors.toSet())
                .block();

        assertThat(threads).isNotNull().allMatch(name -> name.startsWith("r2dbc-pg"));
        assertThat(threads).as("threads the results arrived on").hasSizeGreaterThanOrEqualTo(2);
    }
}
