package dev.shop.gateway.storefront;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the storefront ({@code shop.storefront.*}).
 *
 * @param clientId the Keycloak client the storefront signs shoppers in with: public, authorization code with PKCE
 * @param keycloakUrl where browsers reach Keycloak (its base URL, without {@code /realms/...}); empty: derived from
 *     {@code spring.security.oauth2.resourceserver.jwt.issuer-uri}, which is the public address whenever tokens name it as their issuer
 */
@ConfigurationProperties("shop.storefront")
public record StorefrontProperties(
        @DefaultValue("shop-web") String clientId,
        @DefaultValue("") String keycloakUrl) {

    /** Keycloak's base URL and realm for a browser, from the issuer when no URL is set. */
    Keycloak keycloak(URI issuer) {
        String path = issuer.getPath();
        int realms = path.indexOf("/realms/");
        if (realms < 0) {
            throw new IllegalStateException("Not a Keycloak issuer (no /realms/ in it): " + issuer);
        }
        String realm = path.substring(realms + "/realms/".length());
        String base = keycloakUrl.isBlank()
                ? issuer.resolve(path.substring(0, realms) + "/").toString()
                : keycloakUrl;
        return new Keycloak(base.endsWith("/") ? base.substring(0, base.length() - 1) : base, realm, clientId);
    }

    /** What keycloak-js needs to know: the server, the realm and the client. */
    record Keycloak(String url, String realm, String clientId) {

        /** The origin of the server (scheme, host and port), for the Content-Security-Policy. */
        String origin() {
            URI uri = URI.create(url);
            return uri.getScheme() + "://" + uri.getRawAuthority();
        }
    }
}
