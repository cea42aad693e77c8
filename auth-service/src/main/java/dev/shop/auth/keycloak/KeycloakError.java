package dev.shop.auth.keycloak;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The error bodies Keycloak sends, all in one record: the OAuth 2.0 shape ({@code error}, {@code error_description},
 * also used for password policy violations), the Admin API's {@code errorMessage} (with {@code field} and
 * {@code params} for user profile validation) and a list of those ({@code errors}).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record KeycloakError(
        @Nullable String error,
        @JsonProperty("error_description") @Nullable String errorDescription,
        @Nullable String errorMessage,
        @Nullable String field,
        @Nullable List<@Nullable Object> params,
        @Nullable List<KeycloakError> errors) {

    static final KeycloakError NONE = new KeycloakError(null, null, null, null, null, null);

    /** Every field error: this one if it names a field, and those in {@code errors}. */
    public List<KeycloakError> fieldErrors() {
        List<KeycloakError> all = new ArrayList<>();
        if (field != null) {
            all.add(this);
        }
        if (errors != null) {
            errors.stream().filter(e -> e.field() != null).forEach(all::add);
        }
        return all;
    }

    /** The code of this error, whichever member carries it. */
    public @Nullable String code() {
        return error != null ? error : errorMessage;
    }

    String summary() {
        if (errors != null && !errors.isEmpty()) {
            return errors.stream().map(KeycloakError::summary).collect(Collectors.joining("; "));
        }
        return Objects.toString(code(), "no error code") + (field != null ? " on " + field : "");
    }
}
