package dev.shop.auth.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shop.auth.IntegrationTestSupport;
import dev.shop.auth.KeycloakTestClient;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

class UserAdministrationIntegrationTest extends IntegrationTestSupport {

    private static final String USERS = "/api/auth/users";

    @Test
    void listsTheUsersPagedWithTheirRoles() {
        register(uniqueEmail("listed"));
        var admin = accessToken(ADMIN, ADMIN_PASSWORD);

        var firstTwo = body(get(USERS + "?page=0&size=2", admin)
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult());
        assertThat(firstTwo.path("page").asInt()).isZero();
        assertThat(firstTwo.path("size").asInt()).isEqualTo(2);
        assertThat(firstTwo.path("items").size()).isEqualTo(2);
        var total = firstTwo.path("totalItems").asLong();
        assertThat(total).isGreaterThanOrEqualTo(3);
        assertThat(firstTwo.path("totalPages").asLong()).isEqualTo((total + 1) / 2);

        var page = body(get(USERS + "?size=100", admin)
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult());
        assertThat(page.path("size").asInt()).isEqualTo(100);
        // Keycloak lists by username: the demo users come before the tests' users
        assertThat(page.path("items").valueStream())
                .anySatisfy(user -> {
                    assertThat(user.path("email").asString()).isEqualTo(ADMIN);
                    assertThat(roles(user)).containsExactly("admin", "customer");
                    assertThat(user.path("firstName").asString()).isEqualTo("Ada");
                })
                .anySatisfy(user -> {
                    assertThat(user.path("email").asString()).isEqualTo(ALICE);
                    assertThat(roles(user)).containsExactly("customer");
                })
                .noneSatisfy(user -> assertThat(user.path("email").asString()).startsWith("service-account"));
    }

    @Test
    void changesRolesSoThatTheUsersNextTokenCarriesThem() {
        var email = uniqueEmail("promoted");
        var id = register(email).path("id").asString();
        var admin = asAdmin();

        var promoted = setRoles(admin, id, List.of("customer", "admin"))
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult();
        assertThat(roles(body(promoted))).containsExactly("admin", "customer");
        var promotedToken = accessToken(email, PASSWORD);
        assertThat(realmRoles(promotedToken)).contains("admin", "customer");
        get(USERS, promotedToken).expectStatus().isOk();

        var adminOnly = setRoles(admin, id, List.of("admin"))
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult();
        assertThat(roles(body(adminOnly))).containsExactly("admin");
        assertThat(realmRoles(accessToken(email, PASSWORD)))
                .contains("admin", "offline_access")
                .doesNotContain("customer");

        var customerAgain = setRoles(admin, id, List.of("customer"))
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult();
        assertThat(roles(body(customerAgain))).containsExactly("customer");
        var demoted = accessToken(email, PASSWORD);
        assertThat(realmRoles(demoted)).contains("customer").doesNotContain("admin");
        get(USERS, demoted).expectStatus().isForbidden();
    }

    @Test
    void refusesUnknownRolesAndChangesNothing() {
        var email = uniqueEmail("unchanged");
        var id = register(email).path("id").asString();
        var path = USERS + "/" + id + "/roles";

        setRoles(asAdmin(), id, List.of("admin", "superuser"))
                .expectBody()
                .consumeWith(validationOf(path, "roles", "'superuser' is not a role"));

        assertThat(realmRoles(accessToken(email, PASSWORD)))
                .contains("customer")
                .doesNotContain("admin");
    }

    @Test
    void answersUnknownUsersMalformedIdsAndBadPagesWithProblems() {
        var admin = asAdmin();
        var unknown = UUID.randomUUID().toString();

        setRoles(admin, unknown, List.of("customer"))
                .expectBody()
                .consumeWith(problem(404, "not-found", USERS + "/" + unknown + "/roles"));
        setRoles(admin, "not-a-uuid", List.of("customer"))
                .expectBody()
                .consumeWith(validationOf(USERS + "/not-a-uuid/roles", "id", "UUID"));
        admin.put()
                .uri(USERS + "/" + unknown + "/roles")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of())
                .exchange()
                .expectBody()
                .consumeWith(validationOf(USERS + "/" + unknown + "/roles", "roles", "null"));
        admin.put()
                .uri(USERS + "/" + unknown + "/roles")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"roles\": \"admin\"")
                .exchange()
                .expectBody()
                .consumeWith(problem(400, "malformed-request", USERS + "/" + unknown + "/roles"));
        for (var query : List.of("page=-1", "size=0", "size=101", "page=x")) {
            admin.get().uri(USERS + "?" + query).exchange().expectBody().consumeWith(problem(400, "validation", USERS));
        }
    }

    private WebTestClient asAdmin() {
        var token = accessToken(ADMIN, ADMIN_PASSWORD);
        return client.mutate()
                .defaultHeaders(headers -> headers.setBearerAuth(token))
                .build();
    }

    private static WebTestClient.ResponseSpec setRoles(WebTestClient admin, String id, List<String> roles) {
        return admin.put()
                .uri(USERS + "/" + id + "/roles")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("roles", roles))
                .exchange();
    }

    private static List<String> roles(JsonNode user) {
        return user.path("roles").valueStream().map(JsonNode::asString).toList();
    }

    private static List<String> realmRoles(String accessToken) {
        return KeycloakTestClient.claims(accessToken)
                .path("realm_access")
                .path("roles")
                .valueStream()
                .map(JsonNode::asString)
                .toList();
    }
}
