package dev.shop.auth.registration.web;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * A registration. Limits: e-mail at most 254 characters with a domain that has a dot; names 1 to 100 characters;
 * password at most 128 characters; the realm's password policy (at least 12 characters, not the e-mail) is checked
 * by Keycloak, whose refusal comes back as a message on {@code password}.
 */
record RegistrationRequest(
        @Schema(example = "ada@example.com")
        @NotBlank
        @Size(max = 254)
        @Email(regexp = "[^@\\s]+@[^@\\s]+\\.[^@\\s]+", message = "must be a well-formed e-mail address")
        @Nullable
        String email,

        @Schema(example = "correct-horse-battery-staple") @NotBlank @Size(max = 128) @Nullable
        String password,

        @Schema(example = "Ada") @NotBlank @Size(max = 100) @Nullable
        String firstName,

        @Schema(example = "Lovelace") @NotBlank @Size(max = 100) @Nullable
        String lastName) {

    @Override
    public String toString() {
        return "RegistrationRequest[email=" + email + "]"; // never the password
    }
}
