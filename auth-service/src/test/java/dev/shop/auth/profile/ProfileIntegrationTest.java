package dev.shop.auth.profile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shop.auth.IntegrationTestSupport;
import dev.shop.auth.KeycloakTestClient;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ProfileIntegrationTest extends IntegrationTestSupport {

    @Test
    void givesAUserMadeOutsideTheShopAProfileFromTheirTokenOnTheFirstCall() {
        var token = accessToken(ALICE, ALICE_PASSWORD);
        var id = KeycloakTestClient.claims(token).path("sub").asString();

        var first = body(
                get("/api/auth/me", token).expectStatus().isOk().expectBody().returnResult());
        var second = body(get("/api/auth/me", accessToken(ALICE, ALICE_PASSWORD))
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult());

        assertThat(first.path("id").asString()).isEqualTo(id);
        assertThat(first.path("email").asString()).isEqualTo(ALICE);
        assertThat(first.path("firstName").asString()).isEqualTo("Alice");
        assertThat(first.path("lastName").asString()).isEqualTo("Example");
        assertThat(first.path("roles").valueStream().map(node -> node.asString()))
                .containsExactly("customer");
        assertThat(second.path("createdAt").asString())
                .as("the same profile, made once")
                .isEqualTo(first.path("createdAt").asString());
        assertThat(profileRows(ALICE)).isOne();
        assertThat(outboxEvents(ALICE))
                .as("no UserRegistered: alice did not register here")
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
