package dev.shop.auth.profile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shop.auth.IntegrationTestSupport;
import dev.shop.auth.KeycloakTestClient;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ProfileIntegrationTest extends IntegrationTestSupport {

    @Test
    void givesAUserMadeOutsideTheShopAProfileFromTheirTokenOnTheFirstCall() {
        // a user of its own, made in Keycloak directly: no earlier test can have made their profile
        var email = uniqueEmail("outsider");
        KeycloakTestClient.createUser(email, "outsider-password-2026", "Olive", "Outsider");
        var token = accessToken(email, "outsider-password-2026");
        var id = KeycloakTestClient.claims(token).path("sub").asString();
        assertThat(profileRows(email)).isZero();

        var first = body(
                get("/api/auth/me", token).expectStatus().isOk().expectBody().returnResult());
        assertThat(profileRows(email)).as("made by the first call").isOne();
        var second = body(get("/api/auth/me", accessToken(email, "outsider-password-2026"))
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult());

        assertThat(first.path("id").asString()).isEqualTo(id);
        assertThat(first.path("email").asString()).isEqualTo(email);
        assertThat(first.path("firstName").asString()).isEqualTo("Olive");
        assertThat(first.path("lastName").asString()).isEqualTo("Outsider");
        assertThat(first.path("roles").valueStream().map(node -> node.asString()))
                .containsExactly("customer");
        assertThat(second.path("createdAt").asString())
                .as("the same profile, made once")
                .isEqualTo(first.path("createdAt").asString());
        assertThat(profileRows(email)).isOne();
        assertThat(outboxEvents(email))
                .as("no UserRegistered: the user did not register here")
                .isZero();
        assertThat(database.sql("select count(*) as n from user_profile where id = :id")
                        .bind("id", UUID.fromString(id))
                        .map(row -> row.get("n", Long.class))
                        .one()
                        .block())
                .isOne();
    }

    @Test
    void showsAnAdminBothRoles() {
        var me = body(get("/api/auth/me", accessToken(ADMIN, ADMIN_PASSWORD))
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult());

        assertThat(me.path("roles").valueStream().map(node -> node.asString())).containsExactly("admin", "customer");
    }
}
