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
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
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
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        // a short cooldown, so that the rotation below is picked up soon
        properties = "shop.security.signing-keys.refetch-cooldown=1s")
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

    @Test
    void picksUpAKeyThatKeycloakRotatedIn() throws Exception {
        String before =
                token(Keycloak.AUTH_CLIENT_ID, Keycloak.AUTH_CLIENT_SECRET, "alice@example.com", "alice-shops-2026");
        client.get()
                .uri("/api/cart")
                .headers(headers -> headers.setBearerAuth(before))
                .exchange()
                .expectStatus()
                .isOk();

        // a new RS256 key of a higher priority: Keycloak signs with it from now on
        String component = addSigningKey();
        try {
            String after = token(
                    Keycloak.AUTH_CLIENT_ID, Keycloak.AUTH_CLIENT_SECRET, "alice@example.com", "alice-shops-2026");
            assertThat(keyId(after)).isNotEqualTo(keyId(before));

            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> client.get()
                            .uri("/api/cart")
                            .headers(headers -> headers.setBearerAuth(after))
                            .exchange()
                            .expectStatus()
                            .isOk());
        } finally {
            admin("DELETE", "/components/" + component, null);
        }
    }

    private static String keyId(String token) {
        String header = new String(
                Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))), StandardCharsets.UTF_8);
        return JSON.readTree(header).path("kid").asString();
    }

    /** Adds a generated RS256 key provider to the realm; the id of the new component. */
    private static String addSigningKey() throws IOException, InterruptedException {
        String realmId = JSON.readTree(admin("GET", "", null).body()).path("id").asString();
        var created = admin(
                "POST",
                "/components",
                "{\"name\": \"rotated-" + UUID.randomUUID() + "\", \"providerId\": \"rsa-generated\","
                        + " \"providerType\": \"org.keycloak.keys.KeyProvider\", \"parentId\": \"" + realmId + "\","
                        + " \"config\": {\"priority\": [\"1000\"], \"keySize\": [\"2048\"], \"algorithm\": [\"RS256\"]}}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String location = created.headers().firstValue("Location").orElseThrow();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    private static HttpResponse<String> admin(String method, String path, String json)
            throws IOException, InterruptedException {
        var keycloak = SharedLocalStack.get().keycloak();
        String adminToken = tokenFrom(
                keycloak.baseUrl() + "/realms/master/protocol/openid-connect/token",
                "admin-cli",
                null,
                Keycloak.ADMIN_USERNAME,
                Keycloak.ADMIN_PASSWORD);
        var request = HttpRequest.newBuilder(URI.create(keycloak.baseUrl() + "/admin/realms/" + Keycloak.REALM + path))
                .header("Authorization", "Bearer " + adminToken)
                .header("Content-Type", "application/json")
                .method(
                        method,
                        json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
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
