package dev.shop.auth;

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
    void exposesPrometheusMetricsOfRequestsAndTheOutbox() {
        client.get().uri("/api/auth/me").exchange().expectStatus().isUnauthorized();

        var metrics = prometheus();

        assertThat(metrics).contains("http_server_requests_seconds_count").contains("shop_outbox_pending");
    }

    @Test
    void refusesAControlCharacterInEveryTextInputNamingIt() {
        var probes = ControlCharacterProbe.everyTextInput(
                client.mutate()
                        .defaultHeaders(headers -> headers.setBearerAuth(accessToken(ADMIN, ADMIN_PASSWORD)))
                        .build(),
                "/api/auth/v3/api-docs",
                Set.of());

        assertThat(probes).as(ControlCharacterProbe.summary(probes)).isNotEmpty();
        assertThat(ControlCharacterProbe.unrefused(probes))
                .as(ControlCharacterProbe.summary(probes))
                .isEmpty();
    }
}
