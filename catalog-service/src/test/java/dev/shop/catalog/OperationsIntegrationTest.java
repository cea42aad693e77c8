package dev.shop.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

class OperationsIntegrationTest extends IntegrationTestSupport {

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
    void reportsLivenessAndReadinessUp() {
        for (var probe : new String[] {"liveness", "readiness"}) {
            client.get()
                    .uri("/actuator/health/" + probe)
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.status")
                    .isEqualTo("UP");
        }
    }

    @Test
    void exposesPrometheusMetricsOfRequestsAndTheOutbox() {
        client.get().uri("/api/catalog/categories").exchange().expectStatus().isOk();

        var metrics = client.get()
                .uri("/actuator/prometheus")
                .accept(MediaType.TEXT_PLAIN)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();

        assertThat(metrics)
                .contains("http_server_requests_seconds_count")
                .contains("shop_outbox_pending")
                .contains("r2dbc_pool_acquired_connections");
    }
}
