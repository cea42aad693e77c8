package dev.shop.common.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shop.common.problem.ProblemAssertions;
import dev.shop.common.security.test.TestJwts;
import dev.shop.common.testapp.TestShopApplication;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * A service whose keys come from a JWK set URL, as every service's and the gateway's come from Keycloak: tokens with
 * made-up key ids are refused without sending the service to the key set for each of them.
 */
@SpringBootTest(classes = TestShopApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class SigningKeysIntegrationTest {

    private static final TestJwts JWTS = TestJwts.shared();
    private static final AtomicInteger FETCHES = new AtomicInteger();
    // stands in for Keycloak's certs endpoint, counting what it is asked
    private static final DisposableServer KEY_SET = HttpServer.create()
            .host("127.0.0.1")
            .port(0)
            .route(routes -> routes.get("/certs", (request, response) -> {
                FETCHES.incrementAndGet();
                return response.header("Content-Type", "application/json").sendString(Mono.just(JWTS.jwkSetJson()));
            }))
            .bindNow();

    @Autowired
    WebTestClient client;

    @DynamicPropertySource
    static void keySet(DynamicPropertyRegistry registry) {
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> TestJwts.ISSUER);
        registry.add(
                "spring.security.oauth2.resourceserver.jwt.jwk-set-uri",
                () -> "http://127.0.0.1:" + KEY_SET.port() + "/certs");
    }

    @AfterAll
    static void stopKeySet() {
        KEY_SET.disposeNow();
    }

    @Test
    void refuses500TokensWithMadeUpKeyIdsWithAtMostTwoFetchesOfTheKeySet() {
        client.get()
                .uri("/api/test/me")
                .headers(headers -> headers.setBearerAuth(JWTS.token("alice", "alice@example.com", "customer")))
                .exchange()
                .expectStatus()
                .isOk();
        int before = FETCHES.get();

        for (int i = 0; i < 500; i++) {
            String token = JWTS.builder().keyId(UUID.randomUUID().toString()).build();
            client.get()
                    .uri("/api/test/me")
                    .headers(headers -> headers.setBearerAuth(token))
                    .exchange()
                    .expectBody()
                    .consumeWith(ProblemAssertions.problem(401, "unauthorized", "/api/test/me"));
        }

        // the first fetch of the burst may come when the cooldown since the one above has ended; a second cannot
        // come sooner than a cooldown (30 s) after it
        assertThat(FETCHES.get() - before).isLessThanOrEqualTo(2);
    }
}
