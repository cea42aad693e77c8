package dev.shop.deploy;

import static dev.shop.deploy.Manifests.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The realm exactly as the chart renders it for the Keycloak Operator, its placeholders replaced as the operator and
 * Keycloak replace them, imported under a name of its own into the local stack's real Keycloak through the admin REST
 * API, and checked as the services use it. The realm is deleted afterwards.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeycloakRealmImportIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String REALM =
            "shop-import-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String STOREFRONT = "https://storefront.shop.example.test";
    /** The Secrets of the namespace, as the operator would find them: "name/key" to value. */
    private static final Map<String, String> SECRETS =
            Map.of("shop-keycloak/client-secret", "import-test-" + UUID.randomUUID());
    // what Keycloak still leaves in a realm after replacing placeholders: its own message keys
    private static final Pattern MESSAGE_KEY = Pattern.compile("\\$\\{role_[-a-z_]+}");
    private static final Pattern ANY_PLACEHOLDER = Pattern.compile("\\$\\{[^}]+}");

    private static Keycloak keycloak;
    private static boolean imported;

    @BeforeAll
    static void importTheRealmTheChartRenders() throws Exception {
        keycloak = SharedLocalStack.get().keycloak();
        keycloak.start();
        var realmImport = KeycloakRealmTest.realmImport(
                KeycloakRealmTest.render(template -> template.set("keycloak.realmImport.enabled", "true")
                        .set("keycloak.realm", REALM)
                        .set("frontendOrigin", STOREFRONT)));
        var realm = asOperatorImportsIt(
                JSON.writeValueAsString(at(realmImport, "spec.realm")),
                Manifests.map(at(realmImport, "spec.placeholders")));

        var created = send(admin("POST", "/admin/realms", realm));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        imported = true;
    }

    @AfterAll
    static void deleteTheRealm() throws Exception {
        if (imported) {
            assertThat(send(admin("DELETE", "/admin/realms/" + REALM, null)).statusCode())
                    .isEqualTo(204);
        }
    }

    /**
     * The operator puts each placeholder's Secret value into the import's environment under the placeholder's name, and
     * Keycloak replaces ${NAME} (or ${NAME:default}) in the realm with it.
     */
    static String asOperatorImportsIt(String realm, Map<String, Object> placeholders) {
        assertThat(placeholders).as("placeholders").isNotEmpty();
        var replaced = realm;
        for (var placeholder : placeholders.entrySet()) {
            var secret = Manifests.map(Manifests.map(placeholder.getValue()).get("secret"));
            var value = SECRETS.get(secret.get("name") + "/" + secret.get("key"));
            assertThat(value)
                    .as("the Secret of placeholder %s: %s", placeholder.getKey(), secret)
                    .isNotNull();
            replaced = Pattern.compile("\\$\\{" + Pattern.quote(placeholder.getKey()) + "(:[^}]*)?}")
                    .matcher(replaced)
                    .replaceAll(Matcher.quoteReplacement(value));
        }
        var left = ANY_PLACEHOLDER
                .matcher(replaced)
                .results()
                .map(match -> match.group())
                .filter(found -> !MESSAGE_KEY.matcher(found).matches())
                .toList();
        assertThat(left).as("placeholders without a Secret").isEmpty();
        return replaced;
    }

    @Test
    @Order(1)
    void hasNoUserButAuthServicesServiceAccount() throws Exception {
        var serviceAccount = get("/clients/" + clientUuid("shop-auth") + "/service-account-user");
        assertThat(serviceAccount.path("username").asString()).isEqualTo("service-account-shop-auth");

        var users = new ArrayList<String>();
        for (JsonNode user : get("/users?max=1000")) {
            users.add(user.path("id").asString());
        }
        users.remove(serviceAccount.path("id").asString());
        assertThat(users).as("users of the imported realm").isEmpty();
    }

    @Test
    @Order(2)
    void protectsAgainstBruteForceAndKeepsTokensShortLived() throws Exception {
        var realm = get("");

        assertThat(realm.path("bruteForceProtected").asBoolean()).isTrue();
        assertThat(realm.path("permanentLockout").asBoolean()).isFalse();
        assertThat(realm.path("failureFactor").asInt()).isEqualTo(5);
        assertThat(realm.path("maxFailureWaitSeconds").asInt()).isEqualTo(900);
        assertThat(realm.path("accessTokenLifespan").asInt()).isEqualTo(300);
        assertThat(realm.path("ssoSessionIdleTimeout").asInt()).isEqualTo(1800);
        assertThat(realm.path("ssoSessionMaxLifespan").asInt()).isEqualTo(36000);
        assertThat(realm.path("offlineSessionMaxLifespanEnabled").asBoolean()).isTrue();
        assertThat(realm.path("revokeRefreshToken").asBoolean()).isTrue();
        assertThat(realm.path("refreshTokenMaxReuse").asInt()).isZero();
        assertThat(realm.path("sslRequired").asString()).isEqualTo("external");
        assertThat(realm.path("registrationAllowed").asBoolean()).isFalse();
        assertThat(realm.path("passwordPolicy").asString()).contains("length(12)", "notEmail(");
    }

    @Test
    @Order(3)
    void hasTheRolesClientsScopesAndMappersTheServicesRelyOn() throws Exception {
        assertThat(names(get("/roles"))).contains("customer", "admin", "default-roles-shop");
        assertThat(get("").path("defaultRole").path("name").asString()).isEqualTo("default-roles-shop");
        assertThat(names(get("/roles/default-roles-shop/composites/realm")))
                .contains("customer")
                .doesNotContain("admin");

        var web = get("/clients/" + clientUuid("shop-web"));
        assertThat(web.path("publicClient").asBoolean()).isTrue();
        assertThat(web.path("standardFlowEnabled").asBoolean()).isTrue();
        assertThat(web.path("directAccessGrantsEnabled").asBoolean()).isFalse();
        assertThat(web.path("implicitFlowEnabled").asBoolean()).isFalse();
        assertThat(web.path("attributes").path("pkce.code.challenge.method").asString())
                .isEqualTo("S256");
        assertThat(strings(web.path("redirectUris"))).containsExactly(STOREFRONT + "/*");
        assertThat(strings(web.path("webOrigins"))).containsExactly(STOREFRONT);

        var auth = get("/clients/" + clientUuid("shop-auth"));
        assertThat(auth.path("publicClient").asBoolean()).isFalse();
        assertThat(auth.path("standardFlowEnabled").asBoolean()).isFalse();
        assertThat(auth.path("directAccessGrantsEnabled").asBoolean()).isTrue();
        assertThat(auth.path("serviceAccountsEnabled").asBoolean()).isTrue();
        assertThat(get("/clients/" + clientUuid("shop-auth") + "/client-secret")
                        .path("value")
                        .asString())
                .as("the secret from the placeholder's Secret")
                .isEqualTo(SECRETS.get("shop-keycloak/client-secret"));

        for (String clientId : List.of("shop-web", "shop-auth")) {
            var client = get("/clients/" + clientUuid(clientId));
            assertThat(client.path("protocolMappers"))
                    .as(clientId + "'s mappers")
                    .anySatisfy(mapper -> {
                        assertThat(mapper.path("protocolMapper").asString()).isEqualTo("oidc-audience-mapper");
                        assertThat(mapper.path("config")
                                        .path("included.custom.audience")
                                        .asString())
                                .isEqualTo("shop-api");
                        assertThat(mapper.path("config")
                                        .path("access.token.claim")
                                        .asString())
                                .isEqualTo("true");
                    });
            assertThat(names(get("/clients/" + clientUuid(clientId) + "/default-client-scopes")))
                    .as(clientId + "'s default scopes")
                    .contains("basic", "profile", "email", "roles", "web-origins");
        }

        JsonNode roles = null;
        for (JsonNode scope : get("/client-scopes")) {
            if ("roles".equals(scope.path("name").asString())) {
                roles = scope;
            }
        }
        assertThat(roles).as("client scope roles").isNotNull();
        assertThat(roles.path("protocolMappers")).anySatisfy(mapper -> {
            assertThat(mapper.path("protocolMapper").asString()).isEqualTo("oidc-usermodel-realm-role-mapper");
            assertThat(mapper.path("config").path("claim.name").asString()).isEqualTo("realm_access.roles");
        });

        var serviceAccount = get("/clients/" + clientUuid("shop-auth") + "/service-account-user");
        assertThat(names(get("/users/" + serviceAccount.path("id").asString() + "/role-mappings/clients/"
                        + clientUuid("realm-management"))))
                .contains("manage-users", "view-users", "query-users", "view-realm");
    }

    @Test
    @Order(4)
    void putsTheLanguageOfTheUsersProfileInTheLocaleClaimForTheMails() throws Exception {
        var email = "kundin-" + UUID.randomUUID() + "@example.com";
        registerAsAuthService(email, "Kim", "Kundin", "a-long-password-2026", Map.of("locale", List.of("de")));

        var tokens = passwordGrant(email, "a-long-password-2026", clientSecret());
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        var claims = claims(JSON.readTree(tokens.body()).path("access_token").asString());
        assertThat(claims.path("locale").asString()).isEqualTo("de");
        assertThat(get("").path("supportedLocales").valueStream().map(JsonNode::asString))
                .containsExactlyInAnyOrder("en", "de");
    }

    @Test
    @Order(4)
    void issuesTokensWithTheClaimsTheServicesReadToAUserAuthServiceRegistered() throws Exception {
        var email = "buyer-" + UUID.randomUUID() + "@example.com";
        var userId = registerAsAuthService(email, "Bea", "Buyer", "a-long-password-2026");

        var tokens = passwordGrant(email, "a-long-password-2026", clientSecret());
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        var body = JSON.readTree(tokens.body());
        var claims = claims(body.path("access_token").asString());
        assertThat(claims.path("iss").asString()).isEqualTo(keycloak.baseUrl() + "/realms/" + REALM);
        assertThat(claims.path("sub").asString()).isEqualTo(userId);
        assertThat(claims.path("azp").asString()).isEqualTo("shop-auth");
        assertThat(audience(claims)).contains("shop-api");
        assertThat(claims.path("email").asString()).isEqualTo(email);
        assertThat(claims.path("given_name").asString()).isEqualTo("Bea");
        assertThat(claims.path("family_name").asString()).isEqualTo("Buyer");
        assertThat(strings(claims.path("realm_access").path("roles")))
                .contains("customer")
                .doesNotContain("admin");
        assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isEqualTo(300);
        assertThat(claims.has("locale"))
                .as("no language chosen: no locale claim")
                .isFalse();

        var refreshToken = body.path("refresh_token").asString();
        assertThat(refresh(refreshToken).statusCode()).isEqualTo(200);
        var spent = refresh(refreshToken);
        assertThat(spent.statusCode()).as("a spent refresh token").isEqualTo(400);
        assertThat(JSON.readTree(spent.body()).path("error").asString()).isEqualTo("invalid_grant");

        assertThat(passwordGrant(email, "a-long-password-2026", "${SHOP_AUTH_CLIENT_SECRET}")
                        .statusCode())
                .as("the placeholder itself is no secret")
                .isEqualTo(401);
    }

    @Test
    @Order(5)
    void locksAnAccountForAWhileAfterRepeatedFailedLogins() throws Exception {
        var email = "guesser-" + UUID.randomUUID() + "@example.com";
        var userId = registerAsAuthService(email, "Gus", "Guess", "the-right-password-2026");

        for (int attempt = 0; attempt < 5; attempt++) {
            var refused = passwordGrant(email, "wrong-password-" + attempt, clientSecret());
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        }

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(get("/attack-detection/brute-force/users/" + userId)
                                .path("disabled")
                                .asBoolean())
                        .isTrue());
        assertThat(passwordGrant(email, "the-right-password-2026", clientSecret())
                        .statusCode())
                .as("the right password while locked")
                .isNotEqualTo(200);
        assertThat(get("/users/" + userId).path("enabled").asBoolean())
                .as("locked temporarily, not disabled")
                .isTrue();
    }

    // --- auth-service's side: its client's own token, then the admin API as its service account

    private static String clientSecret() {
        return SECRETS.get("shop-keycloak/client-secret");
    }

    private static String registerAsAuthService(String email, String firstName, String lastName, String password)
            throws Exception {
        return registerAsAuthService(email, firstName, lastName, password, Map.of());
    }

    private static String registerAsAuthService(
            String email, String firstName, String lastName, String password, Map<String, List<String>> attributes)
            throws Exception {
        var token = send(form(
                "/realms/" + REALM + "/protocol/openid-connect/token",
                Map.of("grant_type", "client_credentials", "client_id", "shop-auth", "client_secret", clientSecret())));
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        var bearer = JSON.readTree(token.body()).path("access_token").asString();
        var user = Map.of(
                "username",
                email,
                "email",
                email,
                "firstName",
                firstName,
                "lastName",
                lastName,
                "enabled",
                true,
                "emailVerified",
                false,
                "requiredActions",
                List.of(),
                "credentials",
                List.of(Map.of("type", "password", "value", password, "temporary", false)),
                "attributes",
                attributes);
        var created = send(HttpRequest.newBuilder(URI.create(adminUrl("/users")))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + bearer)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(user)))
                .build());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        var location = created.headers().firstValue("Location").orElseThrow();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    private static HttpResponse<String> passwordGrant(String username, String password, String secret)
            throws Exception {
        return send(form(
                "/realms/" + REALM + "/protocol/openid-connect/token",
                Map.of(
                        "grant_type", "password",
                        "client_id", "shop-auth",
                        "client_secret", secret,
                        "username", username,
                        "password", password)));
    }

    private static HttpResponse<String> refresh(String refreshToken) throws Exception {
        return send(form(
                "/realms/" + REALM + "/protocol/openid-connect/token",
                Map.of(
                        "grant_type",
                        "refresh_token",
                        "client_id",
                        "shop-auth",
                        "client_secret",
                        clientSecret(),
                        "refresh_token",
                        refreshToken)));
    }

    // --- the admin REST API as Keycloak's bootstrap admin

    private static String adminUrl(String path) {
        return keycloak.baseUrl() + "/admin/realms/" + REALM + path;
    }

    private static JsonNode get(String path) throws Exception {
        var response = send(admin("GET", "/admin/realms/" + REALM + path, null));
        assertThat(response.statusCode())
                .as("GET " + path + ": " + response.body())
                .isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static String clientUuid(String clientId) throws Exception {
        var clients = get("/clients?clientId=" + clientId);
        assertThat(clients).as("client " + clientId).hasSize(1);
        return clients.get(0).path("id").asString();
    }

    private static HttpRequest admin(String method, String path, @Nullable String body) throws Exception {
        var token = send(form(
                "/realms/master/protocol/openid-connect/token",
                Map.of(
                        "grant_type",
                        "password",
                        "client_id",
                        "admin-cli",
                        "username",
                        Keycloak.ADMIN_USERNAME,
                        "password",
                        Keycloak.ADMIN_PASSWORD)));
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        var builder = HttpRequest.newBuilder(URI.create(keycloak.baseUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .header(
                        "Authorization",
                        "Bearer "
                                + JSON.readTree(token.body())
                                        .path("access_token")
                                        .asString());
        if (body == null) {
            return builder.method(method, HttpRequest.BodyPublishers.noBody()).build();
        }
        return builder.header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private static HttpRequest form(String path, Map<String, String> fields) {
        var body = fields.entrySet().stream()
                .map(field -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return HttpRequest.newBuilder(URI.create(keycloak.baseUrl() + path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    // --- reading answers and tokens

    private static JsonNode claims(String jwt) {
        var payload = jwt.split("\\.")[1];
        return JSON.readTree(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
    }

    private static List<String> audience(JsonNode claims) {
        var aud = claims.path("aud");
        return aud.isArray() ? strings(aud) : List.of(aud.asString());
    }

    private static List<String> names(JsonNode items) {
        var names = new ArrayList<String>();
        for (JsonNode item : items) {
            names.add(item.path("name").asString());
        }
        return names;
    }

    private static List<String> strings(JsonNode array) {
        var strings = new ArrayList<String>();
        for (JsonNode item : array) {
            strings.add(item.asString());
        }
        return strings;
    }
}
