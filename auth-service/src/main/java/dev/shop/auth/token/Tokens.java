package dev.shop.auth.token;

import dev.shop.auth.keycloak.KeycloakRefused;
import dev.shop.auth.keycloak.KeycloakTokenEndpoint;
import dev.shop.auth.keycloak.TokenSet;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Tokens from Keycloak for the shop's own login form. Keycloak's {@code invalid_grant} becomes the contract's 401;
 * any other refusal (e.g. a wrong client secret) is this service's fault and ends as a 500.
 */
@Service
public class Tokens {

    private final KeycloakTokenEndpoint keycloak;

    Tokens(KeycloakTokenEndpoint keycloak) {
        this.keycloak = keycloak;
    }

    public Mono<TokenSet> issue(String username, String password) {
        return keycloak.passwordGrant(username, password)
                .onErrorMap(Tokens::invalidGrant, refused -> new InvalidCredentials());
    }

    /** New tokens; the refresh token given is spent (Keycloak rotates refresh tokens). */
    public Mono<TokenSet> refresh(String refreshToken) {
        return keycloak.refresh(refreshToken).onErrorMap(Tokens::invalidGrant, refused -> new InvalidRefreshToken());
    }

    /**
     * Ends the session the refresh token belongs to, so that no refresh token of it works any more. Logging out of a
     * session that has already ended succeeds again (Keycloak's answer); a token that is not one of this client's
     * refresh tokens is refused.
     */
    public Mono<Void> logout(String refreshToken) {
        return keycloak.logout(refreshToken).onErrorMap(Tokens::invalidGrant, refused -> new InvalidRefreshToken());
    }

    private static boolean invalidGrant(Throwable failure) {
        return failure instanceof KeycloakRefused refused && refused.isInvalidGrant();
    }
}
