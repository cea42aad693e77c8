package dev.shop.deploy;

import static dev.shop.deploy.Manifests.at;
import static dev.shop.deploy.Manifests.ofKind;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The production realm (helm/shop/realm/shop-realm.json) against the local stack's realm file, and the chart's
 * KeycloakRealmImport made from it.
 */
class KeycloakRealmTest {

    static final Path PRODUCTION_REALM = HelmChartTest.CHART.resolve("realm/shop-realm.json");
    static final Path LOCAL_REALM = Path.of(
                    "..", "local-stack", "src", "main", "resources", "keycloak", "shop-realm.json")
            .toAbsolutePath()
            .normalize();
    static final String SECRET_PLACEHOLDER = "${SHOP_AUTH_CLIENT_SECRET}";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static JsonNode read(Path realm) {
        try {
            return JSON.readTree(Files.readString(realm));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode client(JsonNode realm, String clientId) {
        for (JsonNode client : realm.path("clients")) {
            if (clientId.equals(client.path("clientId").asString())) {
                return client;
            }
        }
        throw new AssertionError("no client " + clientId + " in " + realm.path("realm"));
    }

    /**
     * The realm without what may differ between the local and the production file: the demo users (service accounts
     * stay), client secrets, shop-web's redirect URIs (local addresses there, the chart's values here) and sslRequired.
     */
    static JsonNode withoutLocalParts(JsonNode realm) {
        ObjectNode copy = (ObjectNode) realm.deepCopy();
        copy.remove("sslRequired");
        for (JsonNode client : copy.withArray("clients")) {
            ((ObjectNode) client).remove("secret");
            if ("shop-web".equals(client.path("clientId").asString())) {
                ((ObjectNode) client).remove("redirectUris");
            }
        }
        ArrayNode serviceAccounts = JSON.createArrayNode();
        for (JsonNode user : copy.withArray("users")) {
            if (user.has("serviceAccountClientId")) {
                serviceAccounts.add(user);
            }
        }
        copy.set("users", serviceAccounts);
        return copy;
    }

    /** Every path at which the two JSON trees differ, e.g. {@code clients[1].protocolMappers[0].config}. */
    static List<String> differences(JsonNode expected, JsonNode actual) {
        List<String> differences = new ArrayList<>();
        collect("$", expected, actual, differences);
        return differences;
    }

    private static void collect(String path, JsonNode expected, JsonNode actual, List<String> differences) {
        if (expected.isObject() && actual.isObject()) {
            var names = new HashSet<>(expected.propertyNames());
            names.addAll(actual.propertyNames());
            for (String name : names.stream().sorted().toList()) {
                collect(path + "." + name, expected.path(name), actual.path(name), differences);
            }
        } else if (expected.isArray() && actual.isArray() && expected.size() == actual.size()) {
            for (int i = 0; i < expected.size(); i++) {
                collect(path + "[" + i + "]", expected.get(i), actual.get(i), differences);
            }
        } else if (!expected.equals(actual)) {
            differences.add(path + ": " + expected + " vs " + actual);
        }
    }

    static List<Map<String, Object>> render(UnaryOperator<com.marcnuri.helm.TemplateCommand> options) {
        return HelmChartTest.render("default", options);
    }

    static Map<String, Object> realmImport(List<Map<String, Object>> objects) {
        var imports = ofKind(objects, "KeycloakRealmImport");
        assertThat(imports).hasSize(1);
        return imports.getFirst();
    }

    static JsonNode renderedRealm(Map<String, Object> realmImport) {
        return JSON.valueToTree(at(realmImport, "spec.realm"));
    }

    @Test
    void theLocalRealmDiffersFromTheProductionRealmOnlyByUsersSecretsLocalAddressesAndTls() {
        JsonNode production = read(PRODUCTION_REALM);
        JsonNode local = read(LOCAL_REALM);

        assertThat(differences(withoutLocalParts(production), withoutLocalParts(local)))
                .as(
                        "clients, roles, scopes, mappers and realm settings must be the same in %s and %s",
                        PRODUCTION_REALM, LOCAL_REALM)
                .isEmpty();
        assertThat(production.path("sslRequired").asString()).isEqualTo("external");
        assertThat(local.path("sslRequired").asString()).isEqualTo("none");
    }

    @Test
    void theComparisonFindsAMapperThatOnlyOneFileHas() {
        JsonNode production = read(PRODUCTION_REALM);
        ObjectNode drifted = (ObjectNode) read(LOCAL_REALM).deepCopy();
        ((ObjectNode) client(drifted, "shop-auth")).withArray("protocolMappers").removeAll();
        drifted.put("accessTokenLifespan", 3600);

        assertThat(differences(withoutLocalParts(production), withoutLocalParts(drifted)))
                .anySatisfy(difference -> assertThat(difference).startsWith("$.accessTokenLifespan: 300 vs 3600"))
                .anySatisfy(difference -> assertThat(difference).startsWith("$.clients[1].protocolMappers"));
    }

    @Test
    void theProductionRealmHasNoUsersNoPasswordsAndNoClientSecret() throws IOException {
        JsonNode production = read(PRODUCTION_REALM);

        assertThat(production.path("users"))
                .as("only auth-service's service account, for its admin roles")
                .singleElement()
                .satisfies(user -> {
                    assertThat(user.path("serviceAccountClientId").asString()).isEqualTo("shop-auth");
                    assertThat(user.has("credentials")).isFalse();
                });
        assertThat(Files.readString(PRODUCTION_REALM))
                .doesNotContain("\"credentials\"", "local-secret", "@example.com");
        assertThat(client(production, "shop-auth").path("secret").asString()).isEqualTo(SECRET_PLACEHOLDER);
        assertThat(client(production, "shop-web").path("redirectUris")).isEmpty();
        assertThat(production.path("bruteForceProtected").asBoolean()).isTrue();
        assertThat(production.path("permanentLockout").asBoolean()).isFalse();
    }

    @Test
    void rendersNoRealmImportByDefault() {
        assertThat(ofKind(render(UnaryOperator.identity()), "KeycloakRealmImport"))
                .isEmpty();
    }

    @Test
    void rendersTheProductionRealmForTheOperatorWithTheClientSecretFromTheSecret() {
        var objects = render(template -> template.set("keycloak.realmImport.enabled", "true")
                .set("keycloak.realmImport.keycloakCRName", "identity-keycloak")
                .set("keycloak.realmImport.namespace", "identity"));

        assertThat(ManifestChecks.violations(objects)).isEmpty();
        var realmImport = realmImport(objects);
        assertThat(realmImport.get("apiVersion")).isEqualTo("k8s.keycloak.org/v2alpha1");
        assertThat(at(realmImport, "metadata.name")).isEqualTo("shop-realm");
        assertThat(at(realmImport, "metadata.namespace")).isEqualTo("identity");
        assertThat(at(realmImport, "spec.keycloakCRName")).isEqualTo("identity-keycloak");
        assertThat(at(realmImport, "spec.placeholders"))
                .isEqualTo(Map.of(
                        "SHOP_AUTH_CLIENT_SECRET",
                        Map.of("secret", Map.of("name", "shop-keycloak", "key", "client-secret"))));

        ObjectNode expected = (ObjectNode) read(PRODUCTION_REALM).deepCopy();
        ObjectNode web = (ObjectNode) client(expected, "shop-web");
        web.set("redirectUris", JSON.createArrayNode().add("https://shop.example.com/*"));
        web.set("webOrigins", JSON.createArrayNode().add("https://shop.example.com"));
        assertThat(differences(expected, renderedRealm(realmImport)))
                .as("the realm file, with only the storefront's addresses filled in")
                .isEmpty();
    }

    @Test
    void importsIntoTheReleasesNamespaceAndAllowsTheStorefrontOfTheIngress() {
        var objects = HelmChartTest.render(
                HelmChartTest.PRODUCTION_VALUES.toString(),
                template -> template.set("keycloak.realmImport.enabled", "true"));

        var realmImport = realmImport(objects);
        assertThat(at(realmImport, "metadata.namespace")).isEqualTo("shop");
        assertThat(at(realmImport, "spec.keycloakCRName")).isEqualTo("keycloak");
        var web = client(renderedRealm(realmImport), "shop-web");
        assertThat(JSON.convertValue(web.path("redirectUris"), List.class))
                .containsExactly("https://www.shop.example.com/*", "https://api.shop.example.com/*");
        assertThat(JSON.convertValue(web.path("webOrigins"), List.class))
                .containsExactly("https://www.shop.example.com", "https://api.shop.example.com");
    }

    @Test
    void takesTheRealmTheClientIdAndTheStorefrontOriginsFromTheValues() {
        var objects = render(template -> template.set("keycloak.realmImport.enabled", "true")
                .set("keycloak.realm", "shop-eu")
                .set("keycloak.clientId", "shop-backend")
                .set("keycloak.clientSecret.name", "eu-keycloak")
                .set("keycloak.realmImport.storefrontOrigins[0]", "https://eu.shop.example.com")
                .set("keycloak.realmImport.storefrontOrigins[1]", "http://localhost:5173"));

        var realmImport = realmImport(objects);
        var realm = renderedRealm(realmImport);
        assertThat(realm.path("realm").asString()).isEqualTo("shop-eu");
        assertThat(client(realm, "shop-backend").path("secret").asString()).isEqualTo(SECRET_PLACEHOLDER);
        assertThat(realm.path("users").get(0).path("serviceAccountClientId").asString())
                .isEqualTo("shop-backend");
        assertThat(realm.path("users").get(0).path("username").asString()).isEqualTo("service-account-shop-backend");
        assertThat(JSON.convertValue(client(realm, "shop-web").path("redirectUris"), List.class))
                .containsExactly("https://eu.shop.example.com/*", "http://localhost:5173/*");
        assertThat(at(realmImport, "spec.placeholders.SHOP_AUTH_CLIENT_SECRET.secret.name"))
                .isEqualTo("eu-keycloak");
    }

    @Test
    void aRealmWithAPlainClientSecretOrAUserFailsTheChecks() {
        var objects = render(template -> template.set("keycloak.realmImport.enabled", "true"));
        @SuppressWarnings("unchecked")
        var realm = (Map<String, Object>) at(realmImport(objects), "spec.realm");
        var auth = Manifests.list(realm.get("clients")).stream()
                .filter(client -> "shop-auth".equals(client.get("clientId")))
                .findFirst()
                .orElseThrow();
        auth.put("secret", "hunter2-hunter2");
        var users = new ArrayList<>(Manifests.list(realm.get("users")));
        users.add(Map.of("username", "alice@example.com", "credentials", List.of()));
        realm.put("users", users);

        assertThat(ManifestChecks.violations(objects))
                .containsExactlyInAnyOrder(
                        "KeycloakRealmImport shop-realm holds the secret of client shop-auth in plain text",
                        "KeycloakRealmImport shop-realm has user alice@example.com");
    }

    static Stream<Arguments> wrongValues() {
        return Stream.of(
                Arguments.of(
                        "keycloak:\n  realmImport:\n    storefrontOrigins: [\"https://shop.example.com/app\"]\n",
                        "/keycloak/realmImport/storefrontOrigins/0",
                        "does not match pattern"),
                Arguments.of(
                        "keycloak:\n  realmImport:\n    keycloakCRName: \"\"\n",
                        "/keycloak/realmImport/keycloakCRName",
                        "does not match pattern"),
                Arguments.of(
                        "keycloak:\n  realmImport:\n    enable: true\n",
                        "/keycloak/realmImport",
                        "'enable' not allowed"),
                Arguments.of(
                        "keycloak:\n  realmImport:\n    namespace: Identity\n",
                        "/keycloak/realmImport/namespace",
                        "does not match pattern"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("wrongValues")
    void rejectsAWrongRealmImportValueWithAMessageNamingTheField(String values, String field, String why) {
        assertThatThrownBy(() -> HelmChartTest.render(
                        "default", template -> template.withValuesFile(HelmChartTest.valuesFile(values))))
                .hasMessageContaining("values don't meet the specifications of the schema")
                .hasMessageContaining("at '" + field + "'")
                .hasMessageContaining(why);
    }
}
