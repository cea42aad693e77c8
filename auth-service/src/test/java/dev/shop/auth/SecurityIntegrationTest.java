package dev.shop.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shop.common.security.test.TestJwts;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Tokens the service must refuse, against the real Keycloak: only the shop realm's own tokens for shop-api pass. */
class SecurityIntegrationTest extends IntegrationTestSupport {

    private static final String ME = "/api/auth/me";

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "no token",
                "garbage",
                "signed by another key",
                "unsigned (alg none)",
                "from another realm",
                "without the shop-api audience"
            })
    void refusesWith401(String kind) {
        var keycloak = KeycloakTestClient.keycloak();
        var sub = KeycloakTestClient.claims(accessToken(ALICE, ALICE_PASSWORD))
                .path("sub")
                .asString();
        String token = switch (kind) {
            case "no token" -> null;
            case "garbage" -> "not.a.token";
            case "signed by another key" ->
                TestJwts.generate()
                        .builder()
                        .issuer(keycloak.issuerUri())
                        .subject(sub)
                        .build();
            case "unsigned (alg none)" ->
                TestJwts.shared()
                        .builder()
                        .issuer(keycloak.issuerUri())
                        .subject(sub)
                        .buildUnsigned();
            case "from another realm" -> KeycloakTestClient.masterAdminToken();
            case "without the shop-api audience" -> KeycloakTestClient.tokenWithoutShopAudience(ALICE, ALICE_PASSWORD);
            default -> throw new IllegalArgumentException(kind);
        };

        var request = client.get().uri(ME);
        if (token != null) {
            request = request.headers(headers -> headers.setBearerAuth(token));
        }
        var result = request.exchange()
                .expectHeader()
                .valueMatches("WWW-Authenticate", "Bearer.*")
                .expectBody()
                .consumeWith(problem(401, "unauthorized", ME))
                .returnResult();
        assertThat(new String(result.getResponseBodyContent()))
                .doesNotContainIgnoringCase("exception")
                .doesNotContain("claim");
    }

    @ParameterizedTest(name = "{0} {1}")
    @ValueSource(strings = {"GET /api/auth/users", "PUT /api/auth/users/4af73371-a603-4564-a376-4c30264424dc/roles"})
    void forbidsUserAdministrationToACustomer(String call) {
        var customer = accessToken(ALICE, ALICE_PASSWORD);
        var path = call.substring(call.indexOf(' ') + 1);
        var request = call.startsWith("GET")
                ? client.get().uri(path)
                : client.put().uri(path).bodyValue(Map.of("roles", java.util.List.of("admin")));

        request.headers(headers -> headers.setBearerAuth(customer))
                .exchange()
                .expectBody()
                .consumeWith(problem(403, "forbidden", path));
    }
}
