package dev.shop.auth.keycloak;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How auth-service reaches Keycloak ({@code shop.keycloak.*}).
 *
 * @param url where Keycloak serves, without the realm, e.g. {@code http://localhost:8180}
 * @param realm the shop's realm
 * @param clientId auth-service's confidential client: password grant for users, service account for the Admin API
 * @param clientSecret that client's secret
 * @param connectTimeout how long a connection to Keycloak may take
 * @param timeout how long one call to Keycloak may take in all, connection included
 * @param tokenRefreshMargin how long before its expiry the service-account token is replaced
 */
@ConfigurationProperties("shop.keycloak")
public record KeycloakProperties(
        URI url,
        String realm,
        String clientId,
        String clientSecret,
        @DefaultValue("2s") Duration connectTimeout,
        @DefaultValue("5s") Duration timeout,
        @DefaultValue("30s") Duration tokenRefreshMargin) {

    public KeycloakProperties {
        Objects.requireNonNull(url, "shop.keycloak.url");
        Objects.requireNonNull(realm, "shop.keycloak.realm");
        Objects.requireNonNull(clientId, "shop.keycloak.client-id");
        if (clientSecret == null || clientSecret.isBlank()) {
            throw new IllegalArgumentException("shop.keycloak.client-secret (SHOP_KEYCLOAK_CLIENTSECRET) is not set:"
                    + " the secret of the confidential client " + clientId);
        }
    }

    /** The realm's OpenID Connect endpoints, e.g. {@code .../realms/shop/protocol/openid-connect}. */
    String openIdConnectPath() {
        return "/realms/" + realm + "/protocol/openid-connect";
    }

    /** The realm's Admin REST API, e.g. {@code /admin/realms/shop}. */
    String adminPath() {
        return "/admin/realms/" + realm;
    }
}
