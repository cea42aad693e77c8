package dev.shop.auth.keycloak;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A user as the Admin API describes one (the fields the shop uses). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record KeycloakUser(
        UUID id,
        String username,
        @Nullable String email,
        @Nullable String firstName,
        @Nullable String lastName,
        @Nullable Long createdTimestamp,
        @Nullable String serviceAccountClientId) {

    /** The e-mail, or the username for a user without one. */
    public String emailOrUsername() {
        return email != null ? email : username;
    }

    public String firstNameOrEmpty() {
        return Objects.requireNonNullElse(firstName, "");
    }

    public String lastNameOrEmpty() {
        return Objects.requireNonNullElse(lastName, "");
    }

    /** When the user was created in Keycloak. */
    public Instant createdAt() {
        return Instant.ofEpochMilli(createdTimestamp != null ? createdTimestamp : 0L);
    }

    /** A client's service account, which is no person and not administered here. */
    public boolean isServiceAccount() {
        return serviceAccountClientId != null || username.startsWith("service-account-");
    }
}
