package dev.shop.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shop.common.problem.ProblemAssertions;
import dev.shop.common.security.test.TestJwts;
import dev.shop.common.test.BlockingCalls;
import dev.shop.gateway.Backend;
import dev.shop.localstack.Keycloak;
import dev.shop.localstack.test.LocalStackTest;
import dev.shop.localstack.test.SharedLocalStack;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.json.JsonMapper;

/** The edge check against the real Keycloak: its tokens pass and reach the service as sent; others do not. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "30s")
@LocalStackTest(database = "gateway", keycloak = true)
class KeycloakTokenIntegrationTest {

    private static final Backend CART = Backend.shared("cart");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    static {
        BlockingCalls.install();
    }

    @Autowired
    WebTestClient client;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        registry.add("shop.gateway.services.auth", Backend.shared("auth")::url);
        registry.add("shop.gateway.services.catalog", Backend.shared("catalog")::url);
        registry.add("shop.gateway.services.cart", CART::url);
        registry.add("shop.gateway.services.payment", Backend.shared("payment")::url);
    }

    @AfterEach
    void noBlockingCallOnAnEventLoop() {
        assertThat(BlockingCalls.drain()).as("blocking calls on event loops").isEmpty();
    }

    @Test
    void acceptsARealKeycloakTokenAndForwardsIt() {
        String token =
                token(Keycloak.AUTH_CLIENT_ID, Keycloak.AUTH_CLIENT_SECRET, "alice@example.com", "alice-shops-2026");
        String marker = "m" + UUID.randomUUID();

        for (int i = 0; i < 2; i++) { // the second time from the cache of validated tokens
            client.get()
                    .uri("/api/cart?m=" + marker)
                    .headers(headers -> headers.setBearerAuth(token))
                    .exchange()
                    .expectStatus()
                    .isOk();
        }

        assertThat(CART.receivedWith(marker))
                .hasSize(2)
                .allSatisfy(
                        received -> assertThat(received.header("Authorization")).isEqualTo("Bearer " + token));
    }

    @Test
    void refusesTokensOfTheRightIssuerThatAreForgedOrForAnotherAudienceOrRealm() {
        var keycloak = SharedLocalStack.get().keycloak();
        String forged =
                TestJwts.generate().builder().issuer(keycloak.issuerUri()).build();
        String noShopAudience = token("admin-cli", null, "alice@example.com", "alice-shops-2026");
        String otherRealm = tokenFrom(
                keycloak.baseUrl() + "/realms/master/protocol/openid-connect/token",
                "admin-cli",
                null,
                Keycloak.ADMIN_USERNAME,
                Keycloak.ADMIN_PASSWORD);

        for (String token : new String[] {forged, noShopAudience, otherRealm}) {
            client.get()
                    .uri("/api/cart")
                    .headers(headers -> headers.setBearerAuth(token))
                    .exchange()
                    .expectBody()
                    .consumeWith(ProblemAssertions.problem(401, "unauthorized", "/api/cart"));
        }
    }

    private static String token(String clientId, String secret, String username, String password) {
        return tokenFrom(SharedLocalStack.get().keycloak().tokenUri(), clientId, secret, username, password);
    }

    private static String tokenFrom(String tokenUri, String clientId, String secret, String username, String password) {
        Map<String, String> form = new java.util.LinkedHashMap<>(
                Map.of("grant_type", "password", "client_id", clientId, "username", username, "password", password));
        if (secret != null) {
            form.put("client_secret", secret);
        }
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(tokenUri))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            return JSON.readTree(response.body()).path("access_token").asString();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
