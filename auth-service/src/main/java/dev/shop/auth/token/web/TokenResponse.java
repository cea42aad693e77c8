package dev.shop.auth.token.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.shop.auth.keycloak.TokenSet;
import org.jspecify.annotations.Nullable;

/** The OAuth 2.0 token response (RFC 6749 section 5.1), with the fields a client of the shop needs. */
record TokenResponse(
        @JsonProperty("access_token") String accessToken,
        @JsonProperty("expires_in") long expiresIn,
        @JsonProperty("refresh_token") @Nullable String refreshToken,
        @JsonProperty("refresh_expires_in") long refreshExpiresIn,
        @JsonProperty("token_type") String tokenType) {

    static TokenResponse of(TokenSet tokens) {
        return new TokenResponse(
                tokens.accessToken(),
                tokens.expiresIn(),
                tokens.refreshToken(),
                tokens.refreshExpiresIn(),
                tokens.tokenType());
    }
}
