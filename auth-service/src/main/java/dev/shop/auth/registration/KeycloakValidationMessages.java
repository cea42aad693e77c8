package dev.shop.auth.registration;

import dev.shop.auth.keycloak.KeycloakError;
import dev.shop.common.problem.FieldViolation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Turns Keycloak's refusal of a new user (its 400s) into field messages a person can read. Keycloak's own texts are
 * not passed on: only its error codes are read, and the number in a length rule ("minimum length 12").
 */
final class KeycloakValidationMessages {

    private static final Pattern NUMBER = Pattern.compile("(\\d+)");

    private static final Map<String, String> PASSWORD_RULES = Map.ofEntries(
            Map.entry("invalidPasswordMinLengthMessage", "must be at least %s characters long"),
            Map.entry("invalidPasswordMaxLengthMessage", "must be at most %s characters long"),
            Map.entry("invalidPasswordMinDigitsMessage", "must contain at least %s digits"),
            Map.entry("invalidPasswordMinLowerCaseCharsMessage", "must contain at least %s lower case letters"),
            Map.entry("invalidPasswordMinUpperCaseCharsMessage", "must contain at least %s upper case letters"),
            Map.entry("invalidPasswordMinSpecialCharsMessage", "must contain at least %s special characters"),
            Map.entry("invalidPasswordNotEmailMessage", "must not be the e-mail address"),
            // the username is the e-mail address
            Map.entry("invalidPasswordNotUsernameMessage", "must not be the e-mail address"),
            Map.entry("invalidPasswordNotContainsUsernameMessage", "must not contain the e-mail address"),
            Map.entry("invalidPasswordHistoryMessage", "must not be one of the recently used passwords"),
            Map.entry("invalidPasswordBlacklistedMessage", "is too common; choose another one"),
            Map.entry("invalidPasswordRegexPatternMessage", "does not have the required form"),
            Map.entry("invalidPasswordGenericMessage", "does not meet the password policy"));

    private static final Map<String, String> FIELDS =
            Map.of("firstName", "firstName", "lastName", "lastName", "email", "email", "username", "email");

    private KeycloakValidationMessages() {}

    /** The field violations Keycloak's 400 describes, empty when it describes none this service knows. */
    static List<FieldViolation> of(KeycloakError error) {
        List<FieldViolation> violations = new ArrayList<>();
        passwordViolation(error).ifPresent(violations::add);
        for (KeycloakError fieldError : error.fieldErrors()) {
            var field = fieldError.field() == null ? null : FIELDS.get(fieldError.field());
            if (field != null) {
                violations.add(new FieldViolation(field, fieldMessage(fieldError.code())));
            }
        }
        return violations;
    }

    private static Optional<FieldViolation> passwordViolation(KeycloakError error) {
        var code = error.error();
        if (code == null || !code.startsWith("invalidPassword")) {
            return Optional.empty();
        }
        var rule = PASSWORD_RULES.getOrDefault(code, "does not meet the password policy");
        if (rule.contains("%s")) {
            var number = number(error.errorDescription());
            rule = number == null ? "does not meet the password policy" : rule.formatted(number);
        }
        return Optional.of(new FieldViolation("password", rule));
    }

    private static String fieldMessage(@Nullable String code) {
        if (code == null) {
            return "is invalid";
        }
        return switch (code.toLowerCase(Locale.ROOT)) {
            case "error-person-name-invalid-character" -> "contains characters a name cannot have";
            case "error-invalid-length-too-long", "error-invalid-length" -> "is too long";
            case "error-invalid-email" -> "must be a well-formed e-mail address";
            case "error-username-invalid-character" -> "contains characters an e-mail address cannot have";
            case "error-user-attribute-required", "missing-firstname-message", "missing-lastname-message" ->
                "must not be blank";
            default -> "is invalid";
        };
    }

    private static @Nullable String number(@Nullable String description) {
        if (description == null) {
            return null;
        }
        var matcher = NUMBER.matcher(description);
        return matcher.find() ? matcher.group(1) : null;
    }
}
