package dev.shop.common.security;

import java.time.Duration;
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
 * @param signingKeys how the JWK set is fetched and kept (see {@link SigningKeys})
 */
@ConfigurationProperties("shop.security")
public record ShopSecurityProperties(
        @Nullable String issuerUri,
        @Nullable String jwkSetUri,
        @Nullable Resource publicKeyLocation,
        @DefaultValue("shop-api") String audience,
        @DefaultValue("10000") long tokenCacheSize,
        @DefaultValue SigningKeys signingKeys) {

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
