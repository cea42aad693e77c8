package dev.shop.auth.keycloak;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * The part of Keycloak's token response the shop passes on; the rest ({@code id_token}, {@code session_state},
 * {@code scope}, ...) is dropped.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TokenSet(
        @JsonProperty("access_token") String accessToken,
        @JsonProperty("expires_in") long expiresIn,
        @JsonProperty("refresh_token") @Nullable String refreshToken,
        @JsonProperty("refresh_expires_in") long refreshExpiresIn,
        @JsonProperty("token_type") String tokenType) {}
