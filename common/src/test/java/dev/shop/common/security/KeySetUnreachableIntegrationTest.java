package dev.shop.common.security;

import dev.shop.common.problem.ProblemAssertions;
import dev.shop.common.security.test.TestJwts;
import dev.shop.common.testapp.TestShopApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The identity provider's key set cannot be read (Keycloak down or hanging): a request with a token is the service's
 * trouble, not the client's, so it gets 503 with {@code Retry-After}, never a 401 that would send the user to log in
 * again.
 */
@SpringBootTest(classes = TestShopApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class KeySetUnreachableIntegrationTest {

    @Autowired
    WebTestClient client;

    @DynamicPropertySource
    static void keySet(DynamicPropertyRegistry registry) {
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> TestJwts.ISSUER);
        registry.add(
                "spring.security.oauth2.resourceserver.jwt.jwk-set-uri",
                () -> "http://127.0.0.1:" + closedPort() + "/certs");
    }

    @Test
    void answers503WithRetryAfterWhenTheKeySetCannotBeRead() {
        client.get()
                .uri("/api/test/me")
                .headers(headers ->
                        headers.setBearerAuth(TestJwts.shared().token("alice", "alice@example.com", "customer")))
                .exchange()
                .expectHeader()
                .valueEquals("Retry-After", "5")
                .expectBody()
                .consumeWith(ProblemAssertions.problem(503, "service-unavailable", "/api/test/me"));
    }

    /** A loopback port nothing listens on: connections to it are refused at once. */
    private static int closedPort() {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
