package dev.shop.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shop.common.test.ActuatorContract;
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
    void servesOneSwaggerUiListingEveryServicesDocument() {
        var status = client.get()
                .uri("/swagger-ui.html")
                .exchange()
                .returnResult(Void.class)
                .getStatus();
        assertThat(status.is2xxSuccessful() || status.is3xxRedirection())
                .as("status %s", status)
                .isTrue();

        var config = client.get()
                .uri("/v3/api-docs/swagger-config")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody();
        for (String document : new String[] {
            "/api/auth/v3/api-docs", "/api/catalog/v3/api-docs", "/api/cart/v3/api-docs", "/api/payments/v3/api-docs"
        }) {
            config.jsonPath("$.urls[?(@.url == '" + document + "')]").exists();
        }
    }

    @Test
    void routesTheServicesDocumentsToAnyone() {
        String marker = marker();
        client.get()
                .uri("/api/payments/v3/api-docs?m=" + marker)
                .exchange()
                .expectStatus()
                .isOk();
        assertThat(PAYMENT.receivedWith(marker)).hasSize(1);
    }
}
