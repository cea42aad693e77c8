package dev.shop.auth.token.web;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/** A refresh token from an earlier token response, for {@code /refresh} and {@code /logout}. */
record RefreshTokenRequest(
        @Schema(example = "eyJhbGciOiJIUzUxMiIsInR5cCIgOiAiSldUIn0.eyJ0eXAiOiJSZWZyZXNoIn0.c2lnbmF0dXJl")
        @NotBlank
        @Size(max = 8192)
        @Nullable
        String refreshToken) {

    @Override
    public String toString() {
        return "RefreshTokenRequest[...]"; // a bearer secret
    }
}
