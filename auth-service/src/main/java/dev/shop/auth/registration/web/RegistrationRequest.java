package dev.shop.auth.registration.web;

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
        @NotBlank
        @Size(max = 254)
        @Email(regexp = "[^@\\s]+@[^@\\s]+\\.[^@\\s]+", message = "must be a well-formed e-mail address")
        @Nullable
        String email,

        @NotBlank @Size(max = 128) @Nullable String password,
        @NotBlank @Size(max = 100) @Nullable String firstName,
        @NotBlank @Size(max = 100) @Nullable String lastName) {

    @Override
    public String toString() {
        return "RegistrationRequest[email=" + email + "]"; // never the password
    }
}
