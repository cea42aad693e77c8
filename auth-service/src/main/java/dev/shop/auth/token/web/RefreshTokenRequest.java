package dev.shop.auth.token.web;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/** A refresh token from an earlier token response, for {@code /refresh} and {@code /logout}. */
record RefreshTokenRequest(
        @NotBlank @Size(max = 8192) @Nullable String refreshToken) {

    @Override
    public String toString() {
        return "RefreshTokenRequest[...]"; // a bearer secret
    }
}
