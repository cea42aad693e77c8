package dev.shop.auth.registration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shop.auth.keycloak.KeycloakError;
import dev.shop.common.problem.FieldViolation;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Keycloak 26's error bodies, as seen from its Admin API, read into field messages. */
class KeycloakValidationMessagesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static List<FieldViolation> messages(String body) {
        return KeycloakValidationMessages.of(JSON.readValue(body, KeycloakError.class));
    }

    @Test
    void tellsTheMinimumLengthOfThePolicy() {
        assertThat(messages("""
                        {"error":"invalidPasswordMinLengthMessage","error_description":"Invalid password: minimum length 12."}
                        """))
                .containsExactly(new FieldViolation("password", "must be at least 12 characters long"));
    }

    @Test
    void saysThatThePasswordMustNotBeTheEmail() {
        assertThat(messages("""
                        {"error":"invalidPasswordNotUsernameMessage","error_description":"Invalid password: must not be equal to the username."}
                        """)).containsExactly(new FieldViolation("password", "must not be the e-mail address"));
    }

    @Test
    void fallsBackToAGeneralMessageForAnUnknownRule() {
        assertThat(messages("{\"error\":\"invalidPasswordSomethingNewMessage\"}"))
                .containsExactly(new FieldViolation("password", "does not meet the password policy"));
        assertThat(messages("{\"error\":\"invalidPasswordMinDigitsMessage\"}"))
                .containsExactly(new FieldViolation("password", "does not meet the password policy"));
    }

    @Test
    void readsOneOrSeveralUserProfileErrors() {
        assertThat(messages("""
                        {"field":"firstName","errorMessage":"error-person-name-invalid-character","params":["firstName"]}
                        """))
                .containsExactly(new FieldViolation("firstName", "contains characters a name cannot have"));
        assertThat(messages("""
                        {"errors":[{"field":"lastName","errorMessage":"error-invalid-length-too-long","params":["lastName",null,255]},
                                   {"field":"email","errorMessage":"error-invalid-email","params":["email","x"]}]}
                        """))
                .containsExactly(
                        new FieldViolation("lastName", "is too long"),
                        new FieldViolation("email", "must be a well-formed e-mail address"));
    }

    @Test
    void findsNothingInAnErrorItDoesNotKnow() {
        assertThat(messages("{\"errorMessage\":\"User exists with same email\"}"))
                .isEmpty();
        assertThat(messages("{}")).isEmpty();
    }
}
