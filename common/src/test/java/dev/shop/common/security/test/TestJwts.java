package dev.shop.common.security.test;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Mints access tokens shaped like Keycloak's (RS256, {@code typ: JWT}, {@code sub}, {@code email},
 * {@code realm_access.roles}, audience {@code shop-api}) with a key pair made for the test run, and publishes its
 * public key as a PEM file for {@code spring.security.oauth2.resourceserver.jwt.public-key-location}.
 *
 * <pre>{@code
 * @DynamicPropertySource
 * static void security(DynamicPropertyRegistry registry) {
 *     TestJwts.shared().properties().forEach((name, value) -> registry.add(name, () -> value));
 * }
 * ...
 * client.get().uri("/api/cart").headers(h -> h.setBearerAuth(TestJwts.shared().token(userId, "alice@example.com", "customer")))
 * }</pre>
 */
public final class TestJwts {

    /** The {@code iss} of every token unless overridden; set as {@code spring.security.oauth2.resourceserver.jwt.issuer-uri} by {@link #properties()}. */
    public static final String ISSUER = "http://keycloak.test/realms/shop";

    /** The audience every service requires. */
    public static final String AUDIENCE = "shop-api";

    private static final class Shared {
        static final TestJwts INSTANCE = generate();
    }

    private final RSAKey key;
    private @Nullable Path publicKeyFile;

    private TestJwts(RSAKey key) {
        this.key = key;
    }

    /** One key pair per JVM, so that cached Spring contexts of several test classes accept the same tokens. */
    public static TestJwts shared() {
        return Shared.INSTANCE;
    }

    /** A fresh key pair, e.g. to sign a token the service must reject. */
    public static TestJwts generate() {
        try {
            return new TestJwts(new RSAKeyGenerator(2048)
                    .keyID(UUID.randomUUID().toString())
                    .generate());
        } catch (JOSEException ex) {
            throw new IllegalStateException("Cannot generate an RSA key pair", ex);
        }
    }

    public RSAPublicKey publicKey() {
        try {
            return key.toRSAPublicKey();
        } catch (JOSEException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** The public key as PEM ({@code -----BEGIN PUBLIC KEY-----}, X.509 SubjectPublicKeyInfo). */
    public String publicKeyPem() {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(publicKey().getEncoded());
        return "-----BEGIN PUBLIC KEY-----\n" + base64 + "\n-----END PUBLIC KEY-----\n";
    }

    /** The PEM written to a temporary file (once), for {@code spring.security.oauth2.resourceserver.jwt.public-key-location}. */
    public synchronized Path publicKeyFile() {
        if (publicKeyFile == null) {
            try {
                Path file = Files.createTempFile("shop-test-jwt-", ".pem");
                Files.writeString(file, publicKeyPem(), StandardCharsets.US_ASCII);
                file.toFile().deleteOnExit();
                publicKeyFile = file;
            } catch (IOException ex) {
                throw new UncheckedIOException("Cannot write the test public key", ex);
            }
        }
        return publicKeyFile;
    }

    /** The public key as a JWK set document, to serve where a service expects Keycloak's certs endpoint. */
    public String jwkSetJson() {
        return new JWKSet(key.toPublicJWK()).toString();
    }

    /** The properties that make a service accept this instance's tokens. */
    public Map<String, String> properties() {
        return Map.of(
                "spring.security.oauth2.resourceserver.jwt.public-key-location",
                        publicKeyFile().toUri().toString(),
                "spring.security.oauth2.resourceserver.jwt.issuer-uri", ISSUER,
                "spring.security.oauth2.resourceserver.jwt.audiences", AUDIENCE);
    }

    /** A valid token for {@code subject} (the user id) with these realm roles, valid for five minutes. */
    public String token(String subject, String email, String... roles) {
        return builder().subject(subject).email(email).roles(roles).build();
    }

    /** A token builder with valid defaults: a random subject, role {@code customer}, this issuer and audience. */
    public Builder builder() {
        return new Builder();
    }

    /** Builds one token; every default can be overridden or removed to make a token the service must reject. */
    public final class Builder {

        private final Map<String, @Nullable Object> claims = new LinkedHashMap<>();
        private TestJwts signer = TestJwts.this;
        private @Nullable String keyId;

        private Builder() {
            Instant now = Instant.now();
            claims.put("iss", ISSUER);
            claims.put("sub", UUID.randomUUID().toString());
            claims.put("aud", List.of(AUDIENCE));
            claims.put("iat", Date.from(now));
            claims.put("exp", Date.from(now.plus(Duration.ofMinutes(5))));
            claims.put("jti", UUID.randomUUID().toString());
            claims.put("typ", "Bearer");
            claims.put("azp", "shop-web");
            claims.put("scope", "openid email profile");
            roles("customer");
        }

        public Builder subject(String subject) {
            return claim("sub", subject);
        }

        public Builder email(String email) {
            return claim("email", email);
        }

        /** The realm roles ({@code realm_access.roles}), replacing the default {@code customer}. */
        public Builder roles(String... roles) {
            return claim("realm_access", Map.of("roles", List.of(roles)));
        }

        public Builder issuer(String issuer) {
            return claim("iss", issuer);
        }

        public Builder audience(String... audience) {
            return claim("aud", List.of(audience));
        }

        public Builder issuedAt(Instant issuedAt) {
            return claim("iat", Date.from(issuedAt));
        }

        public Builder expiresAt(Instant expiresAt) {
            return claim("exp", Date.from(expiresAt));
        }

        /** Sets any claim; dates as {@link Date}, so that they become seconds since the epoch. */
        public Builder claim(String name, Object value) {
            claims.put(name, value);
            return this;
        }

        public Builder withoutClaim(String name) {
            claims.remove(name);
            return this;
        }

        /** Signs with another key pair, e.g. {@code TestJwts.generate()}, which the service does not trust. */
        public Builder signedBy(TestJwts other) {
            this.signer = other;
            return this;
        }

        /** Names another key id in the header than the signer's, e.g. one the issuer never published. */
        public Builder keyId(String keyId) {
            this.keyId = keyId;
            return this;
        }

        /** The compact RS256 token. */
        public String build() {
            JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256)
                    .type(JOSEObjectType.JWT)
                    .keyID(keyId != null ? keyId : signer.key.getKeyID())
                    .build();
            SignedJWT jwt = new SignedJWT(header, claimsSet());
            try {
                jwt.sign(new RSASSASigner(signer.key));
            } catch (JOSEException ex) {
                throw new IllegalStateException("Cannot sign the test token", ex);
            }
            return jwt.serialize();
        }

        /** The same claims as an unsecured token ({@code alg: none}), which every service must reject. */
        public String buildUnsigned() {
            return new PlainJWT(
                            new PlainHeader.Builder().type(JOSEObjectType.JWT).build(), claimsSet())
                    .serialize();
        }

        private JWTClaimsSet claimsSet() {
            JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder();
            claims.forEach(builder::claim);
            return builder.build();
        }
    }
}
