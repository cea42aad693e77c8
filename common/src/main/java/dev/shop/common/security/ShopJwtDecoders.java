package dev.shop.common.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.springframework.core.io.Resource;
import org.springframework.security.converter.RsaKeyConverters;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.util.StringUtils;

/** Builds the access token decoder described by {@link ShopSecurityProperties}: RS256 only, audience always checked. */
public final class ShopJwtDecoders {

    /** Where Keycloak publishes a realm's signing keys, relative to the issuer (the realm URL). */
    public static final String KEYCLOAK_CERTS_PATH = "/protocol/openid-connect/certs";

    private ShopJwtDecoders() {}

    /**
     * A decoder for {@code properties}. Fetches a JWK set lazily, on the first token, so a service starts while
     * Keycloak is still starting.
     *
     * @throws IllegalStateException when no key source is configured
     */
    public static ReactiveJwtDecoder create(ShopSecurityProperties properties) {
        return create(properties, Clock.systemUTC());
    }

    /** As {@link #create(ShopSecurityProperties)}, with the clock that times the key set's cooldown and age. */
    public static ReactiveJwtDecoder create(ShopSecurityProperties properties, Clock clock) {
        NimbusReactiveJwtDecoder decoder;
        String issuerUri = properties.issuerUri();
        Resource publicKey = properties.publicKeyLocation();
        if (StringUtils.hasText(properties.jwkSetUri())) {
            decoder = fromJwkSet(properties.jwkSetUri(), properties, clock);
        } else if (publicKey != null) {
            decoder = NimbusReactiveJwtDecoder.withPublicKey(readPublicKey(publicKey))
                    .signatureAlgorithm(SignatureAlgorithm.RS256)
                    .build();
        } else if (StringUtils.hasText(issuerUri)) {
            decoder = fromJwkSet(keycloakJwkSetUri(issuerUri), properties, clock);
        } else {
            throw new IllegalStateException("No signing keys for access tokens: set"
                    + " spring.security.oauth2.resourceserver.jwt.issuer-uri (the Keycloak realm URL), jwk-set-uri or"
                    + " public-key-location");
        }
        decoder.setJwtValidator(validator(properties));
        // the key set could not be fetched: Nimbus' decoder says so with an IllegalStateException, which would be a
        // 500; as a JwtException it is the token check that cannot be done now, a 503 (common's problem mapping)
        return token -> decoder.decode(token)
                .onErrorMap(
                        IllegalStateException.class,
                        e -> new JwtException("The signing keys cannot be fetched now: " + e.getMessage(), e));
    }

    /** Keycloak's JWK set URL of the realm {@code issuerUri}. */
    public static String keycloakJwkSetUri(String issuerUri) {
        return StringUtils.trimTrailingCharacter(issuerUri, '/') + KEYCLOAK_CERTS_PATH;
    }

    // not withJwkSetUri: its source fetches the set again for every token with an unknown key id, without a pause
    private static NimbusReactiveJwtDecoder fromJwkSet(
            String jwkSetUri, ShopSecurityProperties properties, Clock clock) {
        return NimbusReactiveJwtDecoder.withJwkSource(
                        new SigningKeys(URI.create(jwkSetUri), properties.signingKeys(), clock))
                .jwsAlgorithm(SignatureAlgorithm.RS256)
                .build();
    }

    private static OAuth2TokenValidator<Jwt> validator(ShopSecurityProperties properties) {
        // the defaults add the timestamp (60 s skew) and "typ" checks
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        if (StringUtils.hasText(properties.issuerUri())) {
            validators.add(new JwtIssuerValidator(properties.issuerUri()));
        }
        var audiences = properties.audiences();
        validators.add(
                audiences.size() == 1
                        ? new JwtAudienceValidator(audiences.getFirst())
                        : new JwtClaimValidator<List<String>>(
                                JwtClaimNames.AUD,
                                aud -> aud != null && aud.stream().anyMatch(audiences::contains)));
        return JwtValidators.createDefaultWithValidators(validators);
    }

    private static RSAPublicKey readPublicKey(Resource location) {
        try (InputStream in = location.getInputStream()) {
            RSAPublicKey key = RsaKeyConverters.x509().convert(in);
            if (key == null) {
                throw new IllegalStateException("No RSA public key in " + location);
            }
            return key;
        } catch (IOException ex) {
            throw new UncheckedIOException("Cannot read the RSA public key at " + location, ex);
        }
    }
}
