package dev.shop.auth.token.web;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/** A login: the e-mail (the username) and the password. */
record TokenRequest(
        @NotBlank @Size(max = 254) @Nullable String username,
        @NotBlank @Size(max = 128) @Nullable String password) {

    @Override
    public String toString() {
        return "TokenRequest[username=" + username + "]"; // never the password
    }
}
