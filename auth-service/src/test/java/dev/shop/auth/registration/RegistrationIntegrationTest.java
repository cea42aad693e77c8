package dev.shop.auth.registration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shop.auth.IntegrationTestSupport;
import dev.shop.auth.KeycloakTestClient;
import dev.shop.auth.UsersTopic;
import dev.shop.common.events.CloudEventHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

class RegistrationIntegrationTest extends IntegrationTestSupport {

    private static final String REGISTER = "/api/auth/register";

    @Test
    void registersAUserWhoCanLogInAndReadTheirProfile() {
        var email = uniqueEmail("rita");

        var created = post(REGISTER, registration(email))
                .expectStatus()
                .isCreated()
                .expectHeader()
                .location("/api/auth/me")
                .expectBody()
                .returnResult();
        var profile = body(created);
        assertThat(profile.path("email").asString()).isEqualTo(email);
        assertThat(profile.path("firstName").asString()).isEqualTo("Rita");
        assertThat(profile.path("lastName").asString()).isEqualTo("Tester");
        assertThat(profile.path("id").asString()).isNotBlank();
        assertThat(profile.path("createdAt").asString()).isNotBlank();

        var tokens = tokens(email, PASSWORD);
        var accessToken = tokens.path("access_token").asString();
        assertThat(KeycloakTestClient.claims(accessToken).path("sub").asString())
                .isEqualTo(profile.path("id").asString());

        var me = body(get("/api/auth/me", accessToken)
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult());
        assertThat(me.path("id").asString()).isEqualTo(profile.path("id").asString());
        assertThat(me.path("email").asString()).isEqualTo(email);
        assertThat(me.path("firstName").asString()).isEqualTo("Rita");
        assertThat(me.path("lastName").asString()).isEqualTo("Tester");
        assertThat(me.path("createdAt").asString())
                .isEqualTo(profile.path("createdAt").asString());
        assertThat(me.path("roles").valueStream().map(node -> node.asString())).containsExactly("customer");
    }

    @Test
    void publishesUserRegisteredOnceOnUsersV1() {
        var email = uniqueEmail("event");
        var id = register(email).path("id").asString();

        var records = UsersTopic.recordsFor(id, Duration.ofSeconds(30));

        assertThat(records).hasSize(1);
        var record = records.getFirst();
        assertThat(UsersTopic.header(record, CloudEventHeaders.TYPE)).isEqualTo("dev.shop.auth.UserRegistered");
        assertThat(UsersTopic.header(record, CloudEventHeaders.SOURCE)).isEqualTo("/auth-service");
        var payload = json.readTree(new String(record.value(), StandardCharsets.UTF_8));
        assertThat(payload.path("userId").asString()).isEqualTo(id);
        assertThat(payload.path("email").asString()).isEqualTo(email);
        assertThat(payload.path("firstName").asString()).isEqualTo("Rita");
        assertThat(payload.path("lastName").asString()).isEqualTo("Tester");
    }

    @Test
    void keepsTheEmailInLowerCaseLikeKeycloak() {
        var email = uniqueEmail("Mixed.Case");
        var body = registration(email.toUpperCase(Locale.ROOT));

        var profile = body(
                post(REGISTER, body).expectStatus().isCreated().expectBody().returnResult());

        var lower = email.toLowerCase(Locale.ROOT);
        assertThat(profile.path("email").asString()).isEqualTo(lower);
        assertThat(profileRows(lower)).isOne();
        tokens(lower, PASSWORD);
    }

    @Test
    void refusesATakenEmailWithConflictAndKeepsTheFirstUser() {
        var email = uniqueEmail("taken");
        register(email);

        var second = registration(email.toUpperCase(Locale.ROOT));
        second.put("firstName", "Other");
        post(REGISTER, second).expectBody().consumeWith(problem(409, "conflict", REGISTER));

        assertThat(KeycloakTestClient.usersWithEmail(email)).isOne();
        assertThat(profileRows(email)).isOne();
        assertThat(outboxEvents(email)).isOne();
        tokens(email, PASSWORD);
    }

    static Stream<Arguments> invalidRegistrations() {
        var longLocalPart = "x".repeat(243); // with "@example.com": 255 characters
        return Stream.of(
                Arguments.of("a malformed e-mail", Map.of("email", "not-an-email"), "email", "e-mail"),
                Arguments.of("an e-mail without a domain", Map.of("email", "rita@localhost"), "email", "e-mail"),
                Arguments.of("an e-mail with a space", Map.of("email", "ri ta@example.com"), "email", "e-mail"),
                Arguments.of("an over-long e-mail", Map.of("email", longLocalPart + "@example.com"), "email", "254"),
                Arguments.of("a missing e-mail", Map.of("email", ""), "email", "blank"),
                Arguments.of("a missing first name", Map.of("firstName", ""), "firstName", "blank"),
                Arguments.of("a blank last name", Map.of("lastName", "   "), "lastName", "blank"),
                Arguments.of("an over-long first name", Map.of("firstName", "F".repeat(101)), "firstName", "100"),
                Arguments.of("an over-long last name", Map.of("lastName", "L".repeat(101)), "lastName", "100"),
                Arguments.of("a missing password", Map.of("password", ""), "password", "blank"),
                Arguments.of("an over-long password", Map.of("password", "p".repeat(129)), "password", "128"),
                Arguments.of(
                        "a password shorter than the policy's 12 characters",
                        Map.of("password", "short-pw-1"),
                        "password",
                        "at least 12 characters"),
                Arguments.of(
                        "a name with characters Keycloak refuses",
                        Map.of("firstName", "<script>"),
                        "firstName",
                        "characters a name cannot have"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidRegistrations")
    void refusesAnInvalidRegistrationAndStoresNothing(
            String what, Map<String, String> change, String field, String message) {
        var email = uniqueEmail("invalid");
        var body = registration(email);
        body.putAll(change);

        post(REGISTER, body).expectBody().consumeWith(validationOf(REGISTER, field, message));

        assertNothingStoredFor(email);
        if (change.containsKey("email") && !change.get("email").isBlank()) {
            assertNothingStoredFor(change.get("email"));
        }
    }

    @Test
    void refusesThePasswordThatIsTheEmailWithThePolicysMessage() {
        var email = uniqueEmail("same");
        var body = registration(email);
        body.put("password", email);

        post(REGISTER, body).expectBody().consumeWith(validationOf(REGISTER, "password", "must not be the e-mail"));

        assertNothingStoredFor(email);
    }

    @Test
    void refusesMalformedJsonAndStoresNothing() {
        var email = uniqueEmail("json");

        client.post()
                .uri(REGISTER)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"email\": \"" + email + "\", \"password\": ")
                .exchange()
                .expectBody()
                .consumeWith(problem(400, "malformed-request", REGISTER));
        client.post()
                .uri(REGISTER)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"email\": [\"" + email + "\"], \"password\": \"" + PASSWORD
                        + "\", \"firstName\": \"R\", \"lastName\": \"T\"}")
                .exchange()
                .expectBody()
                .consumeWith(problem(400, "malformed-request", REGISTER));
        client.post()
                .uri(REGISTER)
                .contentType(MediaType.APPLICATION_JSON)
                .exchange()
                .expectBody()
                .consumeWith(problem(400, "malformed-request", REGISTER));

        assertNothingStoredFor(email);
    }

    @Test
    void refusesAnotherContentTypeAndStoresNothing() {
        var email = uniqueEmail("form");

        client.post()
                .uri(REGISTER)
                .header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_FORM_URLENCODED_VALUE)
                .bodyValue("email=" + email + "&password=" + PASSWORD + "&firstName=R&lastName=T")
                .exchange()
                .expectBody()
                .consumeWith(problem(415, "unsupported-media-type", REGISTER));

        assertNothingStoredFor(email);
    }
}
