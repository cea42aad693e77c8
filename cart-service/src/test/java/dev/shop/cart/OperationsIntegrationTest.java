package dev.shop.cart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shop.common.test.ActuatorContract;
import dev.shop.common.test.ControlCharacterProbe;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.test.web.reactive.server.WebTestClient;

class OperationsIntegrationTest extends IntegrationTestSupport implements ActuatorContract {

    @LocalManagementPort
    int managementPort;

    @Override
    public WebTestClient apiClient() {
        return client;
    }

    @Override
    public int managementPort() {
        return managementPort;
    }

    @Autowired
    MeterRegistry meters;

    @Test
    void publishesTheOpenApiDocumentOfCartAndOrdersToAnyone() {
        client.get()
                .uri("/api/cart/v3/api-docs")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.info.title")
                .isEqualTo("Shop cart API")
                .jsonPath("$.paths['/api/cart'].get")
                .exists()
                .jsonPath("$.paths['/api/cart'].get.parameters")
                .doesNotExist() // the token is a header, not a parameter of the operation
                .jsonPath("$.paths['/api/cart'].delete")
                .exists()
                .jsonPath("$.paths['/api/cart/items/{productId}'].put")
                .exists()
                .jsonPath("$.paths['/api/cart/items/{productId}'].delete")
                .exists()
                .jsonPath("$.paths['/api/cart/checkout'].post.parameters[?(@.name == 'Idempotency-Key')]")
                .exists()
                .jsonPath("$.paths['/api/orders'].get")
                .exists()
                .jsonPath("$.paths['/api/orders/{id}'].get")
                .exists()
                .jsonPath("$.paths['/api/orders/{id}/cancel'].post")
                .exists()
                .jsonPath("$.paths['/api/cart/admin/dead-letters'].get")
                .exists()
                .jsonPath("$.paths['/api/cart/admin/dead-letters/{id}/replay'].post")
                .exists();
    }

    @Test
    void servesTheSwaggerUiToAnyone() {
        var status = client.get()
                .uri("/api/cart/swagger-ui.html")
                .exchange()
                .returnResult(Void.class)
                .getStatus();
        assertThat(status.is2xxSuccessful() || status.is3xxRedirection())
                .as("status %s", status)
                .isTrue();
    }

    @Test
    void exposesPrometheusMetricsOfRequestsTheOutboxAndTheDatabase() {
        as(newShopper()).get().uri(CART).exchange().expectStatus().isOk();

        assertThat(prometheus())
                .contains("http_server_requests_seconds_count")
                .contains("shop_outbox_pending")
                .contains("r2dbc_pool_acquired_connections");
    }

    @Test
    void keepsEachKafkaConsumerLagSeriesOnceUnderItsTopicsOwnName() {
        // Kafka 4 registers a dotted topic's fetch metrics twice, the second time as topic="catalog_products_v1";
        // its metrics binder adds new per-partition series only once a minute, so the series are registered here
        // the way it registers them, in the service's own registry
        for (String topic : new String[] {"catalog.products.v1", "catalog_products_v1"}) {
            Gauge.builder("kafka.consumer.fetch.manager.records.lag", () -> 0)
                    .tags("topic", topic, "partition", "0", "client.id", "operations-test")
                    .register(meters);
        }
        var lag = meters.find("kafka.consumer.fetch.manager.records.lag").tag("client.id", "operations-test");
        assertThat(lag.gauges())
                .extracting(gauge -> gauge.getId().getTag("topic"))
                .containsExactly("catalog.products.v1");
        assertThat(prometheus()).doesNotContain("topic=\"catalog_products_v1\"");
    }

    @Test
    void refusesCartsAndOrdersWithoutAToken() {
        for (var path : new String[] {CART, ORDERS}) {
            client.get().uri(path).exchange().expectBody().consumeWith(problem(401, "unauthorized", path));
        }
    }

    @Test
    void refusesATokenWithoutTheCustomerRole() {
        var token = JWTS.token("someone", "someone@example.com", "other");
        client.get()
                .uri(CART)
                .headers(headers -> headers.setBearerAuth(token))
                .exchange()
                .expectBody()
                .consumeWith(problem(403, "forbidden", CART));
    }

    @Test
    void refusesAControlCharacterInEveryTextInputNamingIt() {
        var probes = ControlCharacterProbe.everyTextInput(
                client.mutate()
                        .defaultHeaders(headers -> headers.setBearerAuth(
                                JWTS.token(UUID.randomUUID().toString(), "admin@example.com", "customer", "admin")))
                        .build(),
                "/api/cart/v3/api-docs",
                Set.of());

        assertThat(probes).as(ControlCharacterProbe.summary(probes)).isNotEmpty();
        assertThat(ControlCharacterProbe.unrefused(probes))
                .as(ControlCharacterProbe.summary(probes))
                .isEmpty();
    }
}
