package dev.shop.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

class OperationsIntegrationTest extends IntegrationTestSupport {

    @Test
    void publishesTheOpenApiDocumentToAnyone() {
        client.get()
                .uri("/api/auth/v3/api-docs")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.info.title")
                .isEqualTo("Shop auth API")
                .jsonPath("$.paths['/api/auth/register'].post")
                .exists()
                .jsonPath("$.paths['/api/auth/token'].post")
                .exists()
                .jsonPath("$.paths['/api/auth/me'].get")
                .exists()
                .jsonPath("$.paths['/api/auth/users/{id}/roles'].put")
                .exists();
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
        client.get().uri("/api/auth/me").exchange().expectStatus().isUnauthorized();

        var metrics = client.get()
                .uri("/actuator/prometheus")
                .accept(MediaType.TEXT_PLAIN)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();

        assertThat(metrics).contains("http_server_requests_seconds_count").contains("shop_outbox_pending");
    }
}
