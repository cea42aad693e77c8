package dev.shop.payment;

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
    void publishesTheOpenApiDocumentToAnyone() {
        client.get()
                .uri("/api/payments/v3/api-docs")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.info.title")
                .isEqualTo("Shop payment API");
    }

    @Test
    void refusesAnonymousRequestsToThePaymentApi() {
        client.get().uri("/api/payments").exchange().expectStatus().isUnauthorized();
    }

    @Test
    void exposesPaymentProviderAndBreakerMetrics() {
        var order = requestPayment(1500, "pm_card_visa");
        awaitOutcome(order);

        var metrics = prometheus();

        assertThat(metrics)
                .contains("shop_payment_outcomes_total{")
                .contains("shop_payment_provider_requests_seconds_count{")
                .contains("shop_payment_provider_retries_total")
                .contains("resilience4j_circuitbreaker_state{")
                .contains("name=\"stripe\"")
                .contains("resilience4j_retry_calls_total{")
                .contains("resilience4j_bulkhead_available_concurrent_calls{")
                .contains("shop_outbox_pending");
    }
}
