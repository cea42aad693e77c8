package dev.shop.common.test;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * What every service's actuator promises, for its {@code OperationsIntegrationTest} to implement: health, with its
 * liveness and readiness groups, and Prometheus metrics are served on the management port only
 * ({@code management.server.port}; a test context gets a free one, {@code @LocalManagementPort}), never on the API's
 * port, which a client reaches.
 */
public interface ActuatorContract {

    /** A client of the API's port. */
    WebTestClient apiClient();

    /** The service's management port. */
    int managementPort();

    /** A client of the management port. */
    default WebTestClient management() {
        return WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + managementPort())
                .build();
    }

    /** A scrape of the service's metrics, as Prometheus takes it. */
    default String prometheus() {
        return management()
                .get()
                .uri("/actuator/prometheus")
                .accept(MediaType.TEXT_PLAIN)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
    }

    @Test
    default void servesTheActuatorOnTheManagementPortOnly() {
        for (String path : new String[] {"/actuator/prometheus", "/actuator/health", "/actuator/info", "/actuator"}) {
            var result = apiClient()
                    .get()
                    .uri(path)
                    .exchange()
                    .expectBody(String.class)
                    .returnResult();
            assertThat(result.getStatus().value())
                    .as("GET %s on the API's port", path)
                    .isIn(401, 404);
            assertThat(String.valueOf(result.getResponseBody()))
                    .as("GET %s on the API's port", path)
                    .doesNotContain("jvm_")
                    .doesNotContain("\"UP\"");
        }
        assertThat(prometheus()).contains("jvm_memory_used_bytes");
    }

    @Test
    default void reportsLivenessAndReadinessUp() {
        for (var probe : new String[] {"liveness", "readiness"}) {
            management()
                    .get()
                    .uri("/actuator/health/" + probe)
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.status")
                    .isEqualTo("UP");
        }
    }
}
