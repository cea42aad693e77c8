package dev.shop.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jayway.jsonpath.JsonPath;
import dev.shop.localstack.test.SharedLocalStack;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shop realm as the services rely on it, checked against the real Keycloak of the local stack. */
class KeycloakIntegrationTest {

    private static final HttpClient http = HttpClient.newHttpClient();
    private static Keycloak keycloak;

    @BeforeAll
    static void startKeycloak() {
        keycloak = SharedLocalStack.get().keycloak();
        keycloak.start();
    }

    @Test
    void issuesAccessTokensWithSubjectEmailRolesAndTheShopApiAudience() throws Exception {
        var tokens = passwordGrant("alice@example.com", "alice-shops-2026");
        assertThat(tokens.statusCode()).isEqualTo(200);

        var claims = claims(JsonPath.read(tokens.body(), "$.access_token"));
        assertThat(JsonPath.<String>read(claims, "$.iss")).isEqualTo(keycloak.issuerUri());
        assertThat(JsonPath.<String>read(claims, "$.sub")).isNotBlank();
        assertThat(JsonPath.<String>read(claims, "$.email")).isEqualTo("alice@example.com");
        assertThat(JsonPath.<List<String>>read(claims, "$.realm_access.roles"))
                .contains("customer")
                .doesNotContain("admin");
        assertThat(audience(claims)).contains("shop-api");
        assertThat(JsonPath.<Integer>read(claims, "$.exp") - JsonPath.<Integer>read(claims, "$.iat"))
                .as("access tokens live 5 minutes")
                .isEqualTo(300);
    }

    @Test
    void givesTheAdminTheAdminRole() throws Exception {
        var tokens = passwordGrant("admin@example.com", "admin-manages-2026");
        var claims = claims(JsonPath.read(tokens.body(), "$.access_token"));
        assertThat(JsonPath.<List<String>>read(claims, "$.realm_access.roles")).contains("admin", "customer");
    }

    @Test
    void rotatesRefreshTokensAndRefusesASpentOne() throws Exception {
        var first = JsonPath.<String>read(
                passwordGrant("alice@example.com", "alice-shops-2026").body(), "$.refresh_token");

        var refreshed = refresh(first);
        assertThat(refreshed.statusCode()).isEqualTo(200);
        var second = JsonPath.<String>read(refreshed.body(), "$.refresh_token");
        assertThat(second).isNotEqualTo(first);

        assertThat(refresh(first).statusCode()).as("a spent refresh token").isEqualTo(400);
        assertThat(JsonPath.<String>read(refresh(first).body(), "$.error")).isEqualTo("invalid_grant");
    }

    @Test
    void refusesAWrongPasswordLikeAnUnknownUser() throws Exception {
        var wrong = passwordGrant("alice@example.com", "not-her-password");
        var unknown = passwordGrant("nobody-" + UUID.randomUUID() + "@example.com", "whatever-password");

        // OAuth 2.0 says 400 invalid_grant; auth-service turns it into the contract's 401
        assertThat(wrong.statusCode()).as(wrong.body()).isEqualTo(400);
        assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(400);
        assertThat(wrong.body()).as("no hint whether the user exists").isEqualTo(unknown.body());
    }

    @Test
    void answersNothingWhileFrozenAndEverythingOnceThawed() throws Exception {
        var wellKnown = HttpRequest.newBuilder(URI.create(keycloak.issuerUri() + "/.well-known/openid-configuration"))
                .timeout(Duration.ofSeconds(3))
                .build();
        keycloak.freeze();
        try {
            assertThatThrownBy(() -> http.send(wellKnown, HttpResponse.BodyHandlers.discarding()))
                    .as("a frozen server accepts the connection and never answers")
                    .isInstanceOf(HttpTimeoutException.class);
        } finally {
            keycloak.thaw();
        }

        assertThat(http.send(wellKnown, HttpResponse.BodyHandlers.discarding()).statusCode())
                .isEqualTo(200);
        assertThat(passwordGrant("alice@example.com", "alice-shops-2026").statusCode())
                .isEqualTo(200);
    }

    @Test
    void enforcesThePasswordPolicy() throws Exception {
        var adminToken = JsonPath.<String>read(
                post(
                                keycloak.baseUrl() + "/realms/master/protocol/openid-connect/token",
                                Map.of(
                                        "grant_type",
                                        "password",
                                        "client_id",
                                        "admin-cli",
                                        "username",
                                        Keycloak.ADMIN_USERNAME,
                                        "password",
                                        Keycloak.ADMIN_PASSWORD))
                        .body(),
                "$.access_token");
        var email = "short-" + UUID.randomUUID() + "@example.com";
        var user = """
                {"username": "%s", "email": "%s", "firstName": "Short", "lastName": "Password", "enabled": true,
                 "credentials": [{"type": "password", "value": "%s", "temporary": false}]}
                """;

        var tooShort = createUser(adminToken, user.formatted(email, email, "short-1"));
        var theEmail = createUser(adminToken, user.formatted(email, email, email));

        assertThat(tooShort.statusCode()).isEqualTo(400);
        assertThat(tooShort.body()).contains("invalidPasswordMinLengthMessage");
        assertThat(theEmail.statusCode()).isEqualTo(400);
        // the username is the e-mail, so Keycloak names the username rule first
        assertThat(theEmail.body())
                .containsAnyOf("invalidPasswordNotEmailMessage", "invalidPasswordNotUsernameMessage");
    }

    private static HttpResponse<String> createUser(String adminToken, String json) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(keycloak.baseUrl() + "/admin/realms/shop/users"))
                        .header("Authorization", "Bearer " + adminToken)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> passwordGrant(String username, String password) throws Exception {
        return post(
                keycloak.tokenUri(),
                Map.of(
                        "grant_type",
                        "password",
                        "client_id",
                        Keycloak.AUTH_CLIENT_ID,
                        "client_secret",
                        Keycloak.AUTH_CLIENT_SECRET,
                        "username",
                        username,
                        "password",
                        password,
                        "scope",
                        "openid"));
    }

    private static HttpResponse<String> refresh(String refreshToken) throws Exception {
        return post(
                keycloak.tokenUri(),
                Map.of(
                        "grant_type",
                        "refresh_token",
                        "client_id",
                        Keycloak.AUTH_CLIENT_ID,
                        "client_secret",
                        Keycloak.AUTH_CLIENT_SECRET,
                        "refresh_token",
                        refreshToken));
    }

    private static HttpResponse<String> post(String uri, Map<String, String> form)
            throws IOException, InterruptedException {
        var body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return http.send(
                HttpRequest.newBuilder(URI.create(uri))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String claims(String jwt) {
        return new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
    }

    private static List<String> audience(String claims) {
        Object aud = JsonPath.read(claims, "$.aud");
        return aud instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of(String.valueOf(aud));
    }
}
