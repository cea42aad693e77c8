package dev.shop.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shop.common.test.ActuatorContract;
import dev.shop.common.test.ControlCharacterProbe;
import java.util.Set;
import org.junit.jupiter.api.Test;
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

    @Test
    void publishesTheOpenApiDocumentToAnyone() {
        client.get()
                .uri("/api/catalog/v3/api-docs")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.info.title")
                .isEqualTo("Shop catalog API")
                .jsonPath("$.paths['/api/catalog/products'].get")
                .exists()
                .jsonPath("$.paths['/api/catalog/products/{id}'].put")
                .exists()
                .jsonPath("$.paths['/api/catalog/products/{id}/stock'].put")
                .exists()
                .jsonPath("$.paths['/api/catalog/categories'].get")
                .exists();
    }

    @Test
    void servesTheSwaggerUiToAnyone() {
        var status = client.get()
                .uri("/api/catalog/swagger-ui.html")
                .exchange()
                .returnResult(Void.class)
                .getStatus();
        assertThat(status.is2xxSuccessful() || status.is3xxRedirection())
                .as("status %s", status)
                .isTrue();
    }

    @Test
    void exposesPrometheusMetricsOfRequestsAndTheOutbox() {
        client.get().uri("/api/catalog/categories").exchange().expectStatus().isOk();

        var metrics = prometheus();

        assertThat(metrics)
                .contains("http_server_requests_seconds_count")
                .contains("shop_outbox_pending")
                .contains("r2dbc_pool_acquired_connections");
    }

    @Test
    void refusesAControlCharacterInEveryTextInputNamingIt() {
        var probes = ControlCharacterProbe.everyTextInput(asAdmin(), "/api/catalog/v3/api-docs", Set.of());

        assertThat(probes).as(ControlCharacterProbe.summary(probes)).isNotEmpty();
        assertThat(ControlCharacterProbe.unrefused(probes))
                .as(ControlCharacterProbe.summary(probes))
                .isEmpty();
    }
}
