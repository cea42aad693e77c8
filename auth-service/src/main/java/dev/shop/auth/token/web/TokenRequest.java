package dev.shop.auth.token.web;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/** A login: the e-mail (the username) and the password. */
record TokenRequest(
        @Schema(example = "ada@example.com") @NotBlank @Size(max = 254) @Nullable
        String username,

        @Schema(example = "correct-horse-battery-staple") @NotBlank @Size(max = 128) @Nullable
        String password) {

    @Override
    public String toString() {
        return "TokenRequest[username=" + username + "]"; // never the password
    }
}
