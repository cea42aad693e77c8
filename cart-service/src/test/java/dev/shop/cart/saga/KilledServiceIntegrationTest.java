package dev.shop.cart.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.shop.common.events.Topics;
import dev.shop.common.events.catalog.StockReserved;
import dev.shop.common.events.payment.PaymentSucceeded;
import dev.shop.common.test.EventLog;
import dev.shop.localstack.Ports;
import dev.shop.localstack.ServiceProcess;
import dev.shop.localstack.test.SharedLocalStack;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * cart-service killed with {@code kill -9} while it handles a {@code StockReserved} (received, not yet committed, its
 * offset not committed either), then started again: the event is delivered again and the order still reaches its
 * final state. The built jar runs as a child process on a database and consumer group of its own, so that the
 * service in the test JVM (group {@code cart-service}, database {@code cart}) takes no part.
 */
class KilledServiceIntegrationTest extends SagaTestSupport {

    private static final Path JAR = Path.of("target", "cart-service-0.1.0-SNAPSHOT.jar");

    @Test
    void anOrderReachesItsFinalStateAfterTheServiceWasKilledWhileHandlingStockReserved() throws Exception {
        assertThat(JAR).as("built by mvn package before the integration tests").exists();
        var stack = SharedLocalStack.get();
        String databaseName = "cart_killed_" + UUID.randomUUID().toString().substring(0, 8);
        stack.postgres().createDatabase(databaseName);
        ConnectionFactory connections = ConnectionFactories.get(
                ConnectionFactoryOptions.parse(stack.postgres().r2dbcUrl(databaseName))
                        .mutate()
                        .option(ConnectionFactoryOptions.USER, stack.postgres().username())
                        .option(ConnectionFactoryOptions.PASSWORD, "")
                        .build());
        var childDatabase = DatabaseClient.create(connections);
        int port = Ports.free();
        var service = childService(databaseName, port);

        service.launch();
        Connection lockHolder = null;
        try {
            service.awaitReady();
            var lamp = product("Lamp", 990);
            publish(lamp, UUID.randomUUID());
            await().atMost(Duration.ofSeconds(30))
                    .until(() ->
                            count(childDatabase, "select count(*) from product where id = :id", lamp.productId()) == 1);
            var shopper = newShopper();
            var child = WebTestClient.bindToServer()
                    .baseUrl(service.url())
                    .responseTimeout(Duration.ofSeconds(30))
                    .defaultHeaders(headers -> headers.setBearerAuth(shopper.token()))
                    .build();
            child.put()
                    .uri("/api/cart/items/{id}", lamp.productId())
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("quantity", 1))
                    .exchange()
                    .expectStatus()
                    .isOk();
            JsonNode placed = body(child.post()
                    .uri("/api/cart/checkout")
                    .header("Idempotency-Key", "k-" + UUID.randomUUID())
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(checkoutBody(null))
                    .exchange()
                    .expectStatus()
                    .isAccepted()
                    .expectBody()
                    .returnResult());
            UUID orderId = UUID.fromString(placed.path("id").asString());

            // hold the order's row: the service's handler of StockReserved will wait for it, inside its transaction
            lockHolder = Mono.from(connections.create()).block();
            Objects.requireNonNull(lockHolder);
            Mono.from(lockHolder.beginTransaction()).block();
            Flux.from(lockHolder
                            .createStatement("select id from customer_order where id = $1 for update")
                            .bind("$1", orderId)
                            .execute())
                    .flatMap(result -> result.map((row, meta) -> row))
                    .blockLast();
            Integer lockHolderPid = Flux.from(lockHolder
                            .createStatement("select pg_backend_pid()")
                            .execute())
                    .flatMap(result -> result.map((row, meta) -> row.get(0, Integer.class)))
                    .blockFirst();
            publish(new StockReserved(orderId, List.of()), UUID.randomUUID());
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> count(
                                    childDatabase,
                                    "select count(*) from pg_stat_activity where datname = current_database() "
                                            + "and wait_event_type = 'Lock'",
                                    null)
                            >= 1);

            // kill -9: no shutdown hook, no offset commit, the transaction never ends by itself
            ProcessHandle jvm = ProcessHandle.current()
                    .children()
                    .filter(process -> process.info()
                            .commandLine()
                            .map(line -> line.contains(JAR.getFileName().toString()))
                            .orElse(false))
                    .findFirst()
                    .orElseThrow();
            assertThat(jvm.destroyForcibly()).isTrue();
            jvm.onExit().get();
            // PostgreSQL notices a vanished client when it next talks to it; end its sessions as it then would
            childDatabase
                    .sql("select pg_terminate_backend(pid) from pg_stat_activity where datname = "
                            + "current_database() and pid <> pg_backend_pid() and pid <> :lockHolder")
                    .bind("lockHolder", Objects.requireNonNull(lockHolderPid))
                    .then()
                    .block();
            Mono.from(lockHolder.rollbackTransaction()).block();
            assertThat(status(childDatabase, orderId))
                    .as("the killed service changed nothing")
                    .isEqualTo("PENDING");
            service.close();

            service = childService(databaseName, port);
            service.launch();
            service.awaitReady();

            await().atMost(Duration.ofSeconds(60))
                    .until(() -> "AWAITING_PAYMENT".equals(status(childDatabase, orderId)));
            publish(new PaymentSucceeded(orderId, UUID.randomUUID(), eur(990)), UUID.randomUUID());
            await().atMost(Duration.ofSeconds(30)).until(() -> "CONFIRMED".equals(status(childDatabase, orderId)));
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> EventLog.get().byKey(Topics.ORDERS, orderId).stream()
                            .anyMatch(record -> record.type().endsWith(".OrderConfirmed")));
            assertThat(EventLog.get().byKey(Topics.ORDERS, orderId).stream()
                            .filter(record -> record.type().endsWith(".PaymentRequested")))
                    .hasSize(1);
            assertThat(count(childDatabase, "select count(*) from order_history where order_id = :id", orderId))
                    .isEqualTo(3);
        } finally {
            if (lockHolder != null) {
                Mono.from(lockHolder.close()).onErrorComplete().block();
            }
            service.close();
        }
    }

    /** cart-service on its own database and consumer group, with the test's token key and SMTP server. */
    private ServiceProcess childService(String databaseName, int port) {
        var stack = SharedLocalStack.get();
        Map<String, Object> properties = new HashMap<>(JWTS.properties());
        properties.put("spring.r2dbc.url", stack.postgres().r2dbcUrl(databaseName));
        properties.put("spring.flyway.url", stack.postgres().jdbcUrl(databaseName));
        properties.put("shop.events.group", "cart-service-killed-" + databaseName);
        properties.put("spring.mail.port", SMTP.port());
        return new ServiceProcess("cart-service-killed", port, Ports.free(), JAR.toAbsolutePath(), stack.config())
                .withEnvironment(Map.of("SPRING_APPLICATION_JSON", json.writeValueAsString(properties)));
    }

    private static String status(DatabaseClient database, UUID orderId) {
        return database.sql("select status from customer_order where id = :id")
                .bind("id", orderId)
                .map(row -> row.get("status", String.class))
                .one()
                .block();
    }

    private static long count(DatabaseClient database, String sql, Object id) {
        var spec = database.sql(sql);
        if (id != null) {
            spec = spec.bind("id", id);
        }
        return Objects.requireNonNull(
                spec.map(row -> row.get(0, Long.class)).one().block());
    }
}
