package dev.shop.common.security;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;
import org.springframework.core.io.Resource;

/**
 * Where access tokens come from and whom they must be for: Spring Boot's resource-server settings
 * ({@code spring.security.oauth2.resourceserver.jwt.issuer-uri}, {@code jwk-set-uri}, {@code public-key-location},
 * {@code audiences}) and the shop's own ({@link Settings}, {@code shop.security.*}). The signing keys are taken from,
 * in this order: {@code jwk-set-uri}; {@code public-key-location} (a PEM file, for tests); Keycloak's key set under
 * {@code issuer-uri}. The issuer is checked whenever {@code issuer-uri} is set.
 *
 * @param issuerUri the realm URL, e.g. {@code http://localhost:8180/realms/shop}; must equal the tokens' {@code iss}
 * @param jwkSetUri the JWK set URL, when it differs from Keycloak's {@code <issuer>/protocol/openid-connect/certs}
 * @param publicKeyLocation an RSA public key in PEM ({@code -----BEGIN PUBLIC KEY-----})
 * @param audiences the tokens' {@code aud} must contain one of them ({@code shop-api} unless set)
 * @param tokenCacheSize how many validated access tokens are remembered until they expire (see
 *     {@link CachingJwtDecoder}), least recently used first out
 * @param signingKeys how the JWK set is fetched and kept (see {@link SigningKeys})
 */
public record ShopSecurityProperties(
        @Nullable String issuerUri,
        @Nullable String jwkSetUri,
        @Nullable Resource publicKeyLocation,
        List<String> audiences,
        long tokenCacheSize,
        SigningKeys signingKeys) {

    /** The audience of the shop's tokens, when Spring Boot's {@code audiences} is not set. */
    public static final String DEFAULT_AUDIENCE = "shop-api";

    /** Spring Boot's resource-server settings with the shop's own. */
    public static ShopSecurityProperties of(OAuth2ResourceServerProperties.Jwt jwt, Settings settings) {
        return new ShopSecurityProperties(
                jwt.getIssuerUri(),
                jwt.getJwkSetUri(),
                jwt.getPublicKeyLocation(),
                jwt.getAudiences().isEmpty() ? List.of(DEFAULT_AUDIENCE) : List.copyOf(jwt.getAudiences()),
                settings.tokenCacheSize(),
                settings.signingKeys());
    }

    /**
     * The shop's own settings, {@code shop.security.*}: what Spring Boot's resource-server properties do not cover.
     *
     * @param tokenCacheSize see {@link ShopSecurityProperties#tokenCacheSize()}
     * @param signingKeys see {@link ShopSecurityProperties#signingKeys()}
     */
    @ConfigurationProperties("shop.security")
    public record Settings(
            @DefaultValue("10000") long tokenCacheSize,
            @DefaultValue SigningKeys signingKeys) {}

    /**
     * @param refetchCooldown a token with an unknown key id makes the key set be fetched again at most this often
     * @param maxAge the key set is fetched again, on the next token, once it is this old
     * @param connectTimeout how long connecting to the key set's URL may take
     * @param timeout how long fetching the key set may take in all
     */
    public record SigningKeys(
            @DefaultValue("30s") Duration refetchCooldown,
            @DefaultValue("5m") Duration maxAge,
            @DefaultValue("2s") Duration connectTimeout,
            @DefaultValue("5s") Duration timeout) {

        /** The defaults. */
        public static final SigningKeys DEFAULTS = new SigningKeys(
                Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofSeconds(2), Duration.ofSeconds(5));
    }
}
