package dev.shop.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shop.localstack.Keycloak;
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
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The test's own line to Keycloak, beside the service: to see what Keycloak holds (as the master realm's admin) and
 * to fetch tokens the service must refuse. Blocking, on the test thread.
 */
public final class KeycloakTestClient {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private KeycloakTestClient() {}

    public static Keycloak keycloak() {
        return SharedLocalStack.get().keycloak();
    }

    /** The users of the shop realm whose e-mail is exactly {@code email}. */
    public static int usersWithEmail(String email) {
        var response = send(
                HttpRequest.newBuilder(URI.create(keycloak().baseUrl() + "/admin/realms/shop/users?exact=true&email="
                                + URLEncoder.encode(email, StandardCharsets.UTF_8)))
                        .header("Authorization", "Bearer " + masterAdminToken())
                        .GET()
                        .build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).size();
    }

    /**
     * Creates a user straight in the shop realm, as an operator or another system would: no registration through
     * auth-service, so the service has no profile of them yet. Gets the realm's default roles ({@code customer}).
     */
    public static void createUser(String email, String password, String firstName, String lastName) {
        var user = JSON.createObjectNode()
                .put("username", email)
                .put("email", email)
                .put("firstName", firstName)
                .put("lastName", lastName)
                .put("enabled", true)
                .put("emailVerified", true);
        user.putArray("credentials")
                .addObject()
                .put("type", "password")
                .put("value", password)
                .put("temporary", false);
        var response = send(HttpRequest.newBuilder(URI.create(keycloak().baseUrl() + "/admin/realms/shop/users"))
                .header("Authorization", "Bearer " + masterAdminToken())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(user)))
                .build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    /** An access token of the master realm's admin: valid, but from another realm than the shop's. */
    public static String masterAdminToken() {
        return accessToken(
                keycloak().baseUrl() + "/realms/master/protocol/openid-connect/token",
                Map.of(
                        "grant_type",
                        "password",
                        "client_id",
                        "admin-cli",
                        "username",
                        Keycloak.ADMIN_USERNAME,
                        "password",
                        Keycloak.ADMIN_PASSWORD));
    }

    /** A real token of the shop realm for {@code username}, from its {@code admin-cli} client: no {@code shop-api}. */
    public static String tokenWithoutShopAudience(String username, String password) {
        return accessToken(
                keycloak().tokenUri(),
                Map.of("grant_type", "password", "client_id", "admin-cli", "username", username, "password", password));
    }

    /** The payload of a JWT, decoded but not checked. */
    public static JsonNode claims(String jwt) {
        return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    }

    private static String accessToken(String tokenUri, Map<String, String> form) {
        var response = send(HttpRequest.newBuilder(URI.create(tokenUri))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(form)))
                .build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).path("access_token").asString();
    }

    private static String form(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("Keycloak did not answer " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
