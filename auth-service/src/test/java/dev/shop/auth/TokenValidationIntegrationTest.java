package dev.shop.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shop.common.problem.ProblemAssertions;
import dev.shop.common.security.test.TestJwts;
import dev.shop.common.test.BlockingCalls;
import dev.shop.localstack.test.LocalStackTest;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The claims checks, with tokens this test signs itself (the service trusts {@link TestJwts}' key here instead of
 * Keycloak's): Keycloak cannot be made to issue an expired token, nor one with chosen claims.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.security.oauth2.resourceserver.jwt.jwk-set-uri=",
            "shop.keycloak.client-secret=not-used-here",
            "logging.level.org.apache.kafka=warn"
        })
@AutoConfigureWebTestClient(timeout = "30s")
@LocalStackTest(database = "auth")
class TokenValidationIntegrationTest {

    private static final TestJwts JWTS = TestJwts.shared();
    private static final String ME = "/api/auth/me";

    static {
        BlockingCalls.install();
    }

    @Autowired
    WebTestClient client;

    @Autowired
    JsonMapper json;

    @DynamicPropertySource
    static void security(DynamicPropertyRegistry registry) {
        JWTS.properties().forEach((name, value) -> registry.add(name, () -> value));
    }

    @AfterEach
    void noBlockingCallOnAnEventLoop() {
        assertThat(BlockingCalls.drain()).as("blocking calls on event loops").isEmpty();
    }

    @Test
    void refusesAnExpiredToken() {
        // beyond the 60 s of clock skew that the check allows
        var expired = JWTS.builder()
                .issuedAt(Instant.now().minus(Duration.ofMinutes(10)))
                .expiresAt(Instant.now().minus(Duration.ofMinutes(5)))
                .build();

        assertUnauthorized(expired);
    }

    @Test
    void refusesATokenForAnotherAudienceOrWithoutOne() {
        assertUnauthorized(JWTS.builder().audience("account").build());
        assertUnauthorized(JWTS.builder().withoutClaim("aud").build());
    }

    @Test
    void refusesATokenFromAnotherIssuer() {
        assertUnauthorized(
                JWTS.builder().issuer("http://keycloak.test/realms/master").build());
    }

    @Test
    void refusesForgedTokens() {
        assertUnauthorized(JWTS.builder().signedBy(TestJwts.generate()).build());
        assertUnauthorized(JWTS.builder().buildUnsigned());
        assertUnauthorized("eyJhbGciOiJSUzI1NiJ9.garbage.garbage");
    }

    @Test
    void makesTheProfileOfAValidTokensUserFromItsClaims() {
        var id = UUID.randomUUID().toString();
        var email = "claims-" + id.substring(0, 8) + "@example.com";
        var token = JWTS.builder()
                .subject(id)
                .email(email)
                .claim("given_name", "Grace")
                .claim("family_name", "Claims")
                .roles("customer", "offline_access", "admin")
                .build();

        var me = read(token);

        assertThat(me.path("id").asString()).isEqualTo(id);
        assertThat(me.path("email").asString()).isEqualTo(email);
        assertThat(me.path("firstName").asString()).isEqualTo("Grace");
        assertThat(me.path("lastName").asString()).isEqualTo("Claims");
        assertThat(me.path("roles").valueStream().map(JsonNode::asString)).containsExactly("admin", "customer");
    }

    @Test
    void refusesAProfileToATokenThatNamesNoUser() {
        var token = JWTS.builder().subject("service-account-shop-auth").build();

        client.get()
                .uri(ME)
                .headers(headers -> headers.setBearerAuth(token))
                .exchange()
                .expectBody()
                .consumeWith(ProblemAssertions.problem(403, "forbidden", ME));
    }

    private JsonNode read(String token) {
        var body = client.get()
                .uri(ME)
                .headers(headers -> headers.setBearerAuth(token))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult()
                .getResponseBody();
        return json.readTree(Objects.requireNonNull(body));
    }

    private void assertUnauthorized(String token) {
        client.get()
                .uri(ME)
                .headers(headers -> headers.setBearerAuth(token))
                .exchange()
                .expectBody()
                .consumeWith(ProblemAssertions.problem(401, "unauthorized", ME));
    }
}
