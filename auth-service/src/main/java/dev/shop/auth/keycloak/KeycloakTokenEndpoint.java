package dev.shop.auth.keycloak;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;
import reactor.core.publisher.Mono;

/**
 * The realm's OpenID Connect token and logout endpoints, as auth-service's confidential client. Failures: see
 * {@link KeycloakHttp#guard}; a bad password or a spent refresh token is a {@link KeycloakRefused} with
 * {@link KeycloakRefused#isInvalidGrant()}.
 */
@Component
public class KeycloakTokenEndpoint {

    private final KeycloakHttp http;
    private final KeycloakProperties properties;

    KeycloakTokenEndpoint(KeycloakHttp http, KeycloakProperties properties) {
        this.http = http;
        this.properties = properties;
    }

    /** Resource owner password grant: a user's tokens for their e-mail and password. */
    public Mono<TokenSet> passwordGrant(String username, String password) {
        var form = clientForm("password");
        form.add("username", username);
        form.add("password", password);
        return tokens("password grant", form);
    }

    /** New tokens for a refresh token; Keycloak rotates it, so the one given is spent. */
    public Mono<TokenSet> refresh(String refreshToken) {
        var form = clientForm("refresh_token");
        form.add("refresh_token", refreshToken);
        return tokens("refresh", form);
    }

    /** Ends the session of this refresh token, so that none of its refresh tokens works any more. */
    public Mono<Void> logout(String refreshToken) {
        var form = clientForm(null);
        form.add("refresh_token", refreshToken);
        return http.guard(
                "logout",
                http.web()
                        .post()
                        .uri(properties.openIdConnectPath() + "/logout")
                        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                        .body(BodyInserters.fromFormData(form))
                        .retrieve()
                        .onStatus(HttpStatusCode::isError, response -> KeycloakHttp.refusal("logout", response))
                        .toBodilessEntity()
                        .then());
    }

    /** The client's own access token (its service account), for the Admin API. */
    Mono<TokenSet> clientCredentials() {
        return tokens("client credentials grant", clientForm("client_credentials"));
    }

    private Mono<TokenSet> tokens(String name, MultiValueMap<String, String> form) {
        return http.guard(
                name,
                http.web()
                        .post()
                        .uri(properties.openIdConnectPath() + "/token")
                        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                        .accept(MediaType.APPLICATION_JSON)
                        .body(BodyInserters.fromFormData(form))
                        .retrieve()
                        .onStatus(HttpStatusCode::isError, response -> KeycloakHttp.refusal(name, response))
                        .bodyToMono(TokenSet.class));
    }

    private MultiValueMap<String, String> clientForm(@Nullable String grantType) {
        var form = new LinkedMultiValueMap<String, String>();
        if (grantType != null) {
            form.add("grant_type", grantType);
        }
        form.add("client_id", properties.clientId());
        form.add("client_secret", properties.clientSecret());
        return form;
    }
}
