package dev.shop.common.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shop.common.problem.ProblemAssertions;
import dev.shop.common.security.test.TestJwts;
import dev.shop.common.testapp.TestAppSupport;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

class SecurityIntegrationTest extends TestAppSupport {

    private static final String USER_ID = "2f0c8a55-1f0e-4c8e-9d43-0a4c1b9f6e21";

    @Test
    void letsAValidCustomerTokenInWithTheSubjectAsNameAndRealmRolesAsAuthorities() {
        get("/api/test/me", JWTS.token(USER_ID, "alice@example.com", "customer"))
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.name")
                .isEqualTo(USER_ID)
                .jsonPath("$.authorities[?(@ == 'ROLE_customer')]")
                .isNotEmpty();
    }

    @Test
    void acceptsAPostWithoutACsrfToken() {
        client.post()
                .uri("/api/test/items")
                .headers(headers -> headers.setBearerAuth(JWTS.token(USER_ID, "alice@example.com", "customer")))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"name\": \"pen\", \"quantity\": 2}")
                .exchange()
                .expectStatus()
                .isCreated();
    }

    @Test
    void answersARequestWithoutTokenWith401AndABearerChallenge() {
        client.get()
                .uri("/api/test/me")
                .exchange()
                .expectHeader()
                .valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .expectBody()
                .consumeWith(ProblemAssertions.problem(401, "unauthorized", "/api/test/me"));
    }

    @Test
    void rejectsAGarbageToken() {
        expectInvalidToken("not.a-jwt");
    }

    @Test
    void rejectsAnExpiredToken() {
        Instant longAgo = Instant.now().minus(Duration.ofHours(1));
        expectInvalidToken(JWTS.builder()
                .issuedAt(longAgo)
                .expiresAt(longAgo.plus(Duration.ofMinutes(5)))
                .build());
    }

    @Test
    void rejectsATokenSignedByAnotherKey() {
        expectInvalidToken(JWTS.builder().signedBy(TestJwts.generate()).build());
    }

    @Test
    void rejectsAnUnsignedToken() {
        expectInvalidToken(JWTS.builder().buildUnsigned());
    }

    @Test
    void rejectsATokenFromAnotherIssuer() {
        expectInvalidToken(JWTS.builder().issuer("http://evil.test/realms/shop").build());
    }

    @Test
    void rejectsATokenWithoutTheShopApiAudience() {
        expectInvalidToken(JWTS.builder().audience("account").build());
    }

    @Test
    void forbidsACustomerOnAnAdminEndpoint() {
        get("/api/test/admin/stats", JWTS.token(USER_ID, "alice@example.com", "customer"))
                .expectBody()
                .consumeWith(ProblemAssertions.problem(403, "forbidden", "/api/test/admin/stats"));
    }

    @Test
    void letsAnAdminOnAnAdminEndpoint() {
        get("/api/test/admin/stats", JWTS.token(USER_ID, "admin@example.com", "customer", "admin"))
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.orders")
                .isEqualTo(7);
    }

    @Test
    void letsAnyoneOnPathsAServiceDeclaresPublic() {
        client.get().uri("/api/test/public/ping").exchange().expectStatus().isOk();
    }

    @Test
    void letsAnyoneReadTheApiDocs() {
        // no document in this test app: the point is that it is 404 and not 401
        client.get()
                .uri("/api/test/v3/api-docs")
                .exchange()
                .expectBody()
                .consumeWith(ProblemAssertions.problem(404, "not-found", "/api/test/v3/api-docs"));
    }

    @Test
    void keepsNoSession() {
        get("/api/test/me", JWTS.token(USER_ID, "alice@example.com", "customer"))
                .expectStatus()
                .isOk()
                .expectHeader()
                .doesNotExist(HttpHeaders.SET_COOKIE);
    }

    private WebTestClient.ResponseSpec get(String path, String token) {
        return client.get()
                .uri(path)
                .headers(headers -> headers.setBearerAuth(token))
                .exchange();
    }

    private void expectInvalidToken(String token) {
        get("/api/test/me", token)
                .expectHeader()
                .value(
                        HttpHeaders.WWW_AUTHENTICATE,
                        challenge -> assertThat(challenge).isEqualTo("Bearer error=\"invalid_token\""))
                .expectBody()
                .consumeWith(ProblemAssertions.problem(401, "unauthorized", "/api/test/me"));
    }
}
