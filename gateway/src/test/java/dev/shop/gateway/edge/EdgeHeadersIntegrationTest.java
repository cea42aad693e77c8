package dev.shop.gateway.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shop.common.problem.ProblemAssertions;
import dev.shop.gateway.IntegrationTestSupport;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import reactor.core.publisher.Flux;

class EdgeHeadersIntegrationTest extends IntegrationTestSupport {

    @Test
    void answersACorsPreflightFromTheFrontendWithoutAToken() {
        String marker = marker();
        client.options()
                .uri("/api/cart/items/" + marker)
                .header(HttpHeaders.ORIGIN, "https://shop.example")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "PUT")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "authorization,content-type,idempotency-key")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "https://shop.example")
                .expectHeader()
                .value(
                        HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS,
                        methods -> assertThat(methods).contains("PUT"))
                .expectHeader()
                .value(
                        HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS,
                        headers -> assertThat(headers.toLowerCase())
                                .contains("authorization", "content-type", "idempotency-key"))
                .expectHeader()
                .exists("X-Request-Id");
        assertThat(CART.receivedWith(marker)).isEmpty();
    }

    @Test
    void refusesAPreflightFromAnotherOriginWithAProblem() {
        client.options()
                .uri("/api/cart")
                .header(HttpHeaders.ORIGIN, "https://evil.example")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "DELETE")
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectHeader()
                .doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN)
                .expectHeader()
                .exists("X-Request-Id")
                .expectBody()
                .consumeWith(ProblemAssertions.problem(403, "forbidden", "/api/cart"));
    }

    @Test
    void refusesACrossOriginCallFromAnotherOriginBeforeItReachesTheService() {
        String marker = marker();
        client.get()
                .uri("/api/cart/items/" + marker)
                .header(HttpHeaders.ORIGIN, "https://evil.example")
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectBody()
                .consumeWith(ProblemAssertions.problem(403, "forbidden", "/api/cart/items/" + marker));
        assertThat(CART.receivedWith(marker)).isEmpty();
    }

    @Test
    void refusesAPreflightForAMethodTheApiDoesNotAllow() {
        client.options()
                .uri("/api/cart")
                .header(HttpHeaders.ORIGIN, "https://shop.example")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "TRACE")
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectBody()
                .consumeWith(ProblemAssertions.problem(403, "forbidden", "/api/cart"));
    }

    @Test
    void letsTheFrontendReadErrorsAndTheHeadersItNeeds() {
        client.get()
                .uri("/api/cart")
                .header(HttpHeaders.ORIGIN, "https://shop.example")
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "https://shop.example")
                .expectHeader()
                .value(
                        HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS,
                        exposed -> assertThat(exposed)
                                .contains("Location", "ETag", "Retry-After", "X-Request-Id", "X-RateLimit-Remaining"));
    }

    @Test
    void putsSecurityHeadersOnEveryAnswerOnce() {
        for (var result : new org.springframework.test.web.reactive.server.FluxExchangeResult<?>[] {
            client.get().uri("/api/catalog/products").exchange().returnResult(Void.class),
            client.get().uri("/api/cart").exchange().returnResult(Void.class)
        }) {
            HttpHeaders headers = result.getResponseHeaders();
            assertThat(headers.get("X-Content-Type-Options")).containsExactly("nosniff");
            assertThat(headers.get("X-Frame-Options")).containsExactly("DENY");
            assertThat(headers.get("Referrer-Policy")).containsExactly("no-referrer");
            assertThat(headers.get(HttpHeaders.CACHE_CONTROL)).containsExactly("no-store");
            assertThat(headers.get("X-Request-Id")).hasSize(1);
            // plain HTTP here: HSTS only over HTTPS
            assertThat(headers.containsHeader("Strict-Transport-Security")).isFalse();
        }
    }

    @Test
    void refusesADeclaredBodyOverTheLimitBeforeTheService() {
        String marker = marker();
        client.post()
                .uri("/api/auth/register?m=" + marker)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("x".repeat(5000))
                .exchange()
                .expectHeader()
                .exists("X-Request-Id")
                .expectBody()
                .consumeWith(ProblemAssertions.problem(413, "payload-too-large", "/api/auth/register"));
        assertThat(AUTH.receivedWith(marker)).isEmpty();
    }

    @Test
    void refusesAChunkedBodyOverTheLimit() {
        String marker = marker();
        Flux<DataBuffer> chunks = Flux.range(0, 10)
                .map(i -> DefaultDataBufferFactory.sharedInstance.wrap(
                        "y".repeat(1000).getBytes(StandardCharsets.UTF_8)));

        client.post()
                .uri("/api/auth/register?m=" + marker)
                .contentType(MediaType.APPLICATION_JSON)
                .body(chunks, DataBuffer.class)
                .exchange()
                .expectBody()
                .consumeWith(ProblemAssertions.problem(413, "payload-too-large", "/api/auth/register"));
    }

    @Test
    void givesAMultipartUploadItsOwnLargerLimitDeclaredOrChunked() {
        String marker = marker();
        var multipart = MediaType.parseMediaType("multipart/form-data; boundary=b");
        client.post()
                .uri("/api/auth/register?m=" + marker)
                .contentType(multipart)
                .bodyValue("u".repeat(10_000))
                .exchange()
                .expectStatus()
                .isOk();
        assertThat(AUTH.receivedWith(marker).getFirst().body()).hasSize(10_000);

        client.post()
                .uri("/api/auth/register?m=" + marker())
                .contentType(multipart)
                .bodyValue("v".repeat(13_000))
                .exchange()
                .expectBody()
                .consumeWith(ProblemAssertions.problem(413, "payload-too-large", "/api/auth/register"));
        Flux<DataBuffer> chunks = Flux.range(0, 13)
                .map(i -> DefaultDataBufferFactory.sharedInstance.wrap(
                        "w".repeat(1000).getBytes(StandardCharsets.UTF_8)));
        client.post()
                .uri("/api/auth/register?m=" + marker())
                .contentType(multipart)
                .body(chunks, DataBuffer.class)
                .exchange()
                .expectBody()
                .consumeWith(ProblemAssertions.problem(413, "payload-too-large", "/api/auth/register"));
    }

    @Test
    void passesABodyWithinTheLimit() {
        String marker = marker();
        client.post()
                .uri("/api/auth/register?m=" + marker)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("z".repeat(4000))
                .exchange()
                .expectStatus()
                .isOk();
        assertThat(AUTH.receivedWith(marker).getFirst().body()).hasSize(4000);
    }
}
