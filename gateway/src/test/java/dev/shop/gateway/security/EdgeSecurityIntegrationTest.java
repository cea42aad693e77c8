package dev.shop.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shop.common.problem.ProblemAssertions;
import dev.shop.common.security.test.TestJwts;
import dev.shop.gateway.IntegrationTestSupport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

class EdgeSecurityIntegrationTest extends IntegrationTestSupport {

    @Test
    void letsAnonymousCallsThroughToThePublicPaths() {
        String marker = marker();
        record Call(HttpMethod method, String path) {}
        List<Call> publicCalls = List.of(
                new Call(HttpMethod.GET, "/api/catalog/products?m=" + marker),
                new Call(HttpMethod.HEAD, "/api/catalog/categories?m=" + marker),
                new Call(HttpMethod.POST, "/api/auth/register?m=" + marker),
                new Call(HttpMethod.POST, "/api/auth/token?m=" + marker),
                new Call(HttpMethod.POST, "/api/auth/refresh?m=" + marker),
                new Call(HttpMethod.POST, "/api/auth/logout?m=" + marker),
                new Call(HttpMethod.POST, "/api/payments/webhook?m=" + marker),
                new Call(HttpMethod.GET, "/api/cart/v3/api-docs?m=" + marker));
        for (Call call : publicCalls) {
            client.method(call.method())
                    .uri(call.path())
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{}")
                    .exchange()
                    .expectStatus()
                    .isOk();
        }
        int received = AUTH.receivedWith(marker).size()
                + CATALOG.receivedWith(marker).size()
                + CART.receivedWith(marker).size()
                + PAYMENT.receivedWith(marker).size();
        assertThat(received).isEqualTo(publicCalls.size());
    }

    @Test
    void refusesAnonymousCallsToEverythingElseWithoutReachingTheService() {
        String marker = marker();
        for (String path : List.of("/api/auth/me", "/api/cart", "/api/orders", "/api/payments", "/api/auth/users")) {
            client.get()
                    .uri(path + "?m=" + marker)
                    .exchange()
                    .expectHeader()
                    .valueEquals("WWW-Authenticate", "Bearer")
                    .expectHeader()
                    .exists("X-Request-Id")
                    .expectBody()
                    .consumeWith(ProblemAssertions.problem(401, "unauthorized", path));
        }
        client.post()
                .uri("/api/catalog/products?m=" + marker)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{}")
                .exchange()
                .expectStatus()
                .isUnauthorized();
        assertThat(AUTH.receivedWith(marker)).isEmpty();
        assertThat(CART.receivedWith(marker)).isEmpty();
        assertThat(CATALOG.receivedWith(marker)).isEmpty();
        assertThat(PAYMENT.receivedWith(marker)).isEmpty();
    }

    @Test
    void refusesForgedExpiredAndForeignTokensEvenOnPublicPaths() {
        String marker = marker();
        List<String> badTokens = List.of(
                JWTS.builder().signedBy(TestJwts.generate()).build(),
                JWTS.builder().buildUnsigned(),
                JWTS.builder()
                        .issuedAt(Instant.now().minus(Duration.ofMinutes(10)))
                        .expiresAt(Instant.now().minus(Duration.ofMinutes(5)))
                        .build(),
                JWTS.builder().issuer("http://keycloak.test/realms/master").build(),
                JWTS.builder().audience("account").build(),
                "eyJhbGciOiJSUzI1NiJ9.garbage.garbage");
        for (String token : badTokens) {
            for (String path : List.of("/api/cart", "/api/catalog/products")) {
                client.get()
                        .uri(path + "?m=" + marker)
                        .headers(headers -> headers.setBearerAuth(token))
                        .exchange()
                        .expectBody()
                        .consumeWith(ProblemAssertions.problem(401, "unauthorized", path));
            }
        }
        assertThat(CART.receivedWith(marker)).isEmpty();
        assertThat(CATALOG.receivedWith(marker)).isEmpty();
    }

    @Test
    void stillRefusesAForgeryOfATokenItHasAlreadyAccepted() {
        String token = customerToken();
        client.get()
                .uri("/api/cart")
                .headers(headers -> headers.setBearerAuth(token))
                .exchange()
                .expectStatus()
                .isOk();
        // same header and claims, another signature: must not be served from the cache of accepted tokens
        String[] parts = token.split("\\.");
        String forged = parts[0] + "." + parts[1] + "."
                + JWTS.builder().signedBy(TestJwts.generate()).build().split("\\.")[2];

        client.get()
                .uri("/api/cart")
                .headers(headers -> headers.setBearerAuth(forged))
                .exchange()
                .expectStatus()
                .isUnauthorized();
    }
}
