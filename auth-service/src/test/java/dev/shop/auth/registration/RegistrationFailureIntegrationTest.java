package dev.shop.auth.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.shop.auth.IntegrationTestSupport;
import dev.shop.auth.KeycloakTestClient;
import dev.shop.auth.UsersTopic;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Registrations that fail half-way leave nothing behind. Runs last (see junit-platform.properties): it restarts
 * Keycloak, whose in-memory realm then starts afresh with new keys.
 */
@Order(Integer.MAX_VALUE)
class RegistrationFailureIntegrationTest extends IntegrationTestSupport {

    private static final String REGISTER = "/api/auth/register";

    @Test
    void deletesTheKeycloakUserAgainWhenTheProfileCannotBeWritten() {
        var email = uniqueEmail("unwritable");
        // the database refuses this one profile, after Keycloak has created the user
        database.sql("""
                        create or replace function refuse_test_profile() returns trigger language plpgsql as $$
                        begin
                            if new.email like 'unwritable-%' then
                                raise exception 'profile refused by the test';
                            end if;
                            return new;
                        end $$;
                        drop trigger if exists refuse_test_profile on user_profile;
                        create trigger refuse_test_profile before insert on user_profile
                            for each row execute function refuse_test_profile();
                        """).then().block();
        try {
            var result = post(REGISTER, registration(email))
                    .expectBody()
                    .consumeWith(problem(500, "internal", REGISTER))
                    .returnResult();
            assertThat(new String(result.getResponseBodyContent()))
                    .doesNotContain("refused by the test")
                    .doesNotContain("user_profile");
        } finally {
            database.sql("drop trigger if exists refuse_test_profile on user_profile")
                    .then()
                    .block();
        }

        assertNothingStoredFor(email);
        // the e-mail is free for a second try, and only that one is announced
        var id = register(email).path("id").asString();
        assertThat(KeycloakTestClient.usersWithEmail(email)).isOne();
        assertThat(outboxEvents(email)).isOne();
        assertThat(UsersTopic.recordsFor(id, Duration.ofSeconds(30))).hasSize(1);
    }

    @Test
    void writesNothingWhileKeycloakIsDownAndWorksAgainOnceItIsBack() {
        var email = uniqueEmail("keycloak-down");
        var keycloak = KeycloakTestClient.keycloak();

        keycloak.stop();
        try {
            post(REGISTER, registration(email))
                    .expectHeader()
                    .valueEquals("Retry-After", "5")
                    .expectBody()
                    .consumeWith(problem(503, "service-unavailable", REGISTER));
            post("/api/auth/token", Map.of("username", ALICE, "password", ALICE_PASSWORD))
                    .expectHeader()
                    .valueEquals("Retry-After", "5")
                    .expectBody()
                    .consumeWith(problem(503, "service-unavailable", "/api/auth/token"));
            assertThat(profileRows(email)).isZero();
            assertThat(outboxEvents(email)).isZero();
        } finally {
            keycloak.start();
        }

        // Keycloak's realm started afresh, with new keys: the service renews its own token and registers again
        assertNothingStoredFor(email);
        var id = register(email).path("id").asString();
        var token = accessToken(email, PASSWORD);
        // a token signed with the new keys is trusted once their key set is fetched, which a token with an unknown key
        // id does at most once per refetch cooldown (30 s); the last fetch may have been less than that ago
        await().atMost(Duration.ofSeconds(45))
                .until(() -> get("/api/auth/me", token)
                        .expectBody()
                        .returnResult()
                        .getStatus()
                        .is2xxSuccessful());
        get("/api/auth/me", token)
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.id")
                .isEqualTo(id);
    }
}
