package dev.shop.common.security;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.io.Resource;

/**
 * Where access tokens come from and whom they must be for. The signing keys are taken from, in this order:
 * {@code jwk-set-uri}; {@code public-key-location} (a PEM file, for tests); Keycloak's key set under
 * {@code issuer-uri}. The issuer is checked whenever {@code issuer-uri} is set.
 *
 * @param issuerUri the realm URL, e.g. {@code http://localhost:8180/realms/shop}; must equal the tokens' {@code iss}
 * @param jwkSetUri the JWK set URL, when it differs from Keycloak's {@code <issuer>/protocol/openid-connect/certs}
 * @param publicKeyLocation an RSA public key in PEM ({@code -----BEGIN PUBLIC KEY-----})
 * @param audience a value the tokens' {@code aud} must contain
 * @param tokenCacheSize how many validated access tokens are remembered until they expire (see
 *     {@link CachingJwtDecoder}), least recently used first out
 */
@ConfigurationProperties("shop.security")
public record ShopSecurityProperties(
        @Nullable String issuerUri,
        @Nullable String jwkSetUri,
        @Nullable Resource publicKeyLocation,
        @DefaultValue("shop-api") String audience,
        @DefaultValue("10000") long tokenCacheSize) {}
