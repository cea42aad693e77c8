package dev.shop.auth.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shop.auth.IntegrationTestSupport;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

class TokenIntegrationTest extends IntegrationTestSupport {

    private static final String TOKEN = "/api/auth/token";
    private static final String REFRESH = "/api/auth/refresh";
    private static final String LOGOUT = "/api/auth/logout";

    @Test
    void answersWithTheOAuthTokenResponseAndNothingElse() {
        var email = uniqueEmail("login");
        register(email);

        var result = post(TOKEN, Map.of("username", email, "password", PASSWORD))
                .expectStatus()
                .isOk()
                .expectHeader()
                .cacheControl(org.springframework.http.CacheControl.noStore())
                .expectBody()
                .returnResult();

        var tokens = body(result);
        assertThat(tokens.propertyNames())
                .containsExactlyInAnyOrder(
                        "access_token", "expires_in", "refresh_token", "refresh_expires_in", "token_type");
        assertThat(tokens.path("token_type").asString()).isEqualToIgnoringCase("Bearer");
        // the realm's 5 minutes, counted by Keycloak from its clock: one second less when a second began meanwhile
        assertThat(tokens.path("expires_in").asLong()).isBetween(298L, 300L);
        assertThat(tokens.path("refresh_expires_in").asLong()).isPositive();
    }

    @Test
    void answersAnUnknownUserAWrongPasswordAndALockedAccountAlike() {
        var email = uniqueEmail("locked");
        register(email);

        var wrongPassword = refusedLogin(email, "not-the-password-at-all");
        var unknownUser = refusedLogin(uniqueEmail("nobody"), PASSWORD);
        // the realm locks an account for a while after five failures (or two within a second)
        for (int attempt = 0; attempt < 5; attempt++) {
            refusedLogin(email, "still-not-the-password");
        }
        var lockedAccount = refusedLogin(email, PASSWORD);

        for (var answer : new JsonNode[] {unknownUser, lockedAccount}) {
            assertThat(answer.path("type").asString())
                    .isEqualTo(wrongPassword.path("type").asString());
            assertThat(answer.path("title").asString())
                    .isEqualTo(wrongPassword.path("title").asString());
            assertThat(answer.path("detail").asString())
                    .isEqualTo(wrongPassword.path("detail").asString());
        }
    }

    @Test
    void rotatesTheRefreshTokenAndRefusesTheSpentOne() {
        var email = uniqueEmail("refresh");
        register(email);
        var first = tokens(email, PASSWORD).path("refresh_token").asString();

        var refreshed = body(post(REFRESH, Map.of("refreshToken", first))
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult());
        var second = refreshed.path("refresh_token").asString();
        assertThat(second).isNotBlank().isNotEqualTo(first);
        get("/api/auth/me", refreshed.path("access_token").asString())
                .expectStatus()
                .isOk();

        post(REFRESH, Map.of("refreshToken", first)).expectBody().consumeWith(problem(401, "unauthorized", REFRESH));
    }

    @Test
    void logoutEndsTheSessionSoItsRefreshTokenIsRefused() {
        var email = uniqueEmail("logout");
        register(email);
        var refreshToken = tokens(email, PASSWORD).path("refresh_token").asString();

        post(LOGOUT, Map.of("refreshToken", refreshToken)).expectStatus().isNoContent();

        post(REFRESH, Map.of("refreshToken", refreshToken))
                .expectBody()
                .consumeWith(problem(401, "unauthorized", REFRESH));
        // logging out of an ended session again changes nothing and says so
        post(LOGOUT, Map.of("refreshToken", refreshToken)).expectStatus().isNoContent();
    }

    @Test
    void refusesARefreshTokenThatIsNone() {
        post(REFRESH, Map.of("refreshToken", "not-a-refresh-token"))
                .expectBody()
                .consumeWith(problem(401, "unauthorized", REFRESH));
        post(LOGOUT, Map.of("refreshToken", "not-a-refresh-token"))
                .expectBody()
                .consumeWith(problem(401, "unauthorized", LOGOUT));
    }

    @Test
    void refusesIncompleteRequests() {
        post(TOKEN, Map.of("username", "rita@example.com"))
                .expectBody()
                .consumeWith(validationOf(TOKEN, "password", "blank"));
        post(REFRESH, Map.of()).expectBody().consumeWith(validationOf(REFRESH, "refreshToken", "blank"));
        client.post()
                .uri(TOKEN)
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .bodyValue("username=rita@example.com&password=x")
                .exchange()
                .expectBody()
                .consumeWith(problem(415, "unsupported-media-type", TOKEN));
        client.get().uri(TOKEN).exchange().expectBody().consumeWith(problem(405, "method-not-allowed", TOKEN));
    }

    private JsonNode refusedLogin(String username, String password) {
        return body(post(TOKEN, Map.of("username", username, "password", password))
                .expectBody()
                .consumeWith(problem(401, "unauthorized", TOKEN))
                .returnResult());
    }
}
