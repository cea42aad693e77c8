package dev.shop.common.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.JWKSet;
import dev.shop.common.security.test.TestJwts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;
import org.springframework.core.io.FileSystemResource;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.test.StepVerifier;

class ShopJwtDecodersTest {

    private static final TestJwts JWTS = TestJwts.shared();

    private final AtomicInteger keySetRequests = new AtomicInteger();
    // what the key set endpoint publishes; a rotation changes it
    private final AtomicReference<String> published = new AtomicReference<>(JWTS.jwkSetJson());
    private DisposableServer keycloak;

    @BeforeEach
    void startKeycloakKeySet() {
        // stands in for Keycloak's certs endpoint of realm "shop"
        keycloak = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .route(routes -> routes.get("/realms/shop/protocol/openid-connect/certs", (request, response) -> {
                            keySetRequests.incrementAndGet();
                            return response.header("Content-Type", "application/json")
                                    .sendString(Mono.fromSupplier(published::get));
                        })
                        // accepts the connection and never answers
                        .get("/silent/certs", (request, response) -> Mono.never()))
                .bindNow();
    }

    private String jwkSetUri() {
        return "http://127.0.0.1:" + keycloak.port() + "/realms/shop/protocol/openid-connect/certs";
    }

    private ReactiveJwtDecoder decoderOfTheKeySet(Clock clock) {
        return ShopJwtDecoders.create(
                new ShopSecurityProperties(
                        TestJwts.ISSUER,
                        jwkSetUri(),
                        null,
                        List.of("shop-api"),
                        10_000,
                        ShopSecurityProperties.SigningKeys.DEFAULTS),
                clock);
    }

    @Test
    void fetchesTheKeySetAgainForUnknownKeyIdsAtMostOncePerCooldown() {
        var clock = new MutableClock();
        var decoder = decoderOfTheKeySet(clock);
        StepVerifier.create(decoder.decode(JWTS.builder().build()))
                .expectNextCount(1)
                .verifyComplete();
        assertThat(keySetRequests).hasValue(1);

        // right after a fetch, 500 made-up key ids cost nothing more
        for (int i = 0; i < 500; i++) {
            StepVerifier.create(decoder.decode(
                            JWTS.builder().keyId(UUID.randomUUID().toString()).build()))
                    .expectError(JwtException.class)
                    .verify();
        }
        assertThat(keySetRequests).hasValue(1);

        // after the cooldown, one of them makes one more fetch, and the next ones again none
        clock.advance(Duration.ofSeconds(31));
        for (int i = 0; i < 100; i++) {
            StepVerifier.create(decoder.decode(
                            JWTS.builder().keyId(UUID.randomUUID().toString()).build()))
                    .expectError(JwtException.class)
                    .verify();
        }
        assertThat(keySetRequests).hasValue(2);
        // the known key still works without a fetch
        StepVerifier.create(decoder.decode(JWTS.builder().build()))
                .expectNextCount(1)
                .verifyComplete();
        assertThat(keySetRequests).hasValue(2);
    }

    @Test
    void sharesOneFetchAmongConcurrentTokensWithUnknownKeyIds() {
        // a clock that stands still: however long the burst takes here, the cooldown never ends in it
        var decoder = decoderOfTheKeySet(new MutableClock());

        var outcomes = Flux.range(0, 500)
                .flatMap(
                        i -> decoder.decode(JWTS.builder()
                                        .keyId(UUID.randomUUID().toString())
                                        .build())
                                .map(jwt -> "accepted")
                                .onErrorReturn(JwtException.class, "refused"),
                        64)
                .collectList()
                .block(Duration.ofSeconds(60));

        assertThat(outcomes).hasSize(500).containsOnly("refused");
        assertThat(keySetRequests).hasValue(1);
    }

    @Test
    void picksUpAKeyTheIssuerRotatedInOnceTheCooldownHasPassed() throws Exception {
        var clock = new MutableClock();
        var decoder = decoderOfTheKeySet(clock);
        StepVerifier.create(decoder.decode(JWTS.builder().build()))
                .expectNextCount(1)
                .verifyComplete();
        var rotated = TestJwts.generate();
        published.set(new JWKSet(List.of(
                        JWKSet.parse(JWTS.jwkSetJson()).getKeys().getFirst(),
                        JWKSet.parse(rotated.jwkSetJson()).getKeys().getFirst()))
                .toString());

        clock.advance(Duration.ofSeconds(31));
        StepVerifier.create(decoder.decode(JWTS.builder().signedBy(rotated).build()))
                .expectNextCount(1)
                .verifyComplete();
        assertThat(keySetRequests).hasValue(2);
    }

    @Test
    void givesUpOnAKeySetThatNeverAnswers() {
        var silent = new ShopSecurityProperties.SigningKeys(
                Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofSeconds(1), Duration.ofMillis(500));
        var decoder = ShopJwtDecoders.create(new ShopSecurityProperties(
                TestJwts.ISSUER,
                "http://127.0.0.1:" + keycloak.port() + "/silent/certs",
                null,
                List.of("shop-api"),
                10_000,
                silent));

        // without the timeout the check would wait for ever; the bound only keeps a broken test from hanging
        // a JwtException but not a BadJwtException: the token was not found bad, it could not be checked (a 503)
        StepVerifier.create(decoder.decode(JWTS.builder().build()))
                .expectErrorSatisfies(error ->
                        assertThat(error).isInstanceOf(JwtException.class).isNotInstanceOf(BadJwtException.class))
                .verify(Duration.ofSeconds(30));
    }

    /** A clock that stands still until the test moves it. */
    private static final class MutableClock extends Clock {

        private volatile Instant now = Instant.now();

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @AfterEach
    void stopKeycloakKeySet() {
        keycloak.disposeNow();
    }

    @Test
    void fetchesKeycloaksKeySetUnderTheIssuerOnTheFirstTokenNotAtStartup() {
        String issuer = "http://127.0.0.1:" + keycloak.port() + "/realms/shop";
        ReactiveJwtDecoder decoder = ShopJwtDecoders.create(new ShopSecurityProperties(
                issuer, null, null, List.of("shop-api"), 10_000, ShopSecurityProperties.SigningKeys.DEFAULTS));

        assertThat(keySetRequests).hasValue(0);

        StepVerifier.create(decoder.decode(
                        JWTS.builder().issuer(issuer).subject("alice").build()))
                .assertNext(jwt -> assertThat(jwt.getSubject()).isEqualTo("alice"))
                .verifyComplete();
        assertThat(keySetRequests).hasValue(1);
    }

    @Test
    void takesATokenForAnyOfSeveralAudiencesAndNoOther() {
        String issuer = "http://127.0.0.1:" + keycloak.port() + "/realms/shop";
        ReactiveJwtDecoder decoder = ShopJwtDecoders.create(new ShopSecurityProperties(
                issuer,
                null,
                null,
                List.of("shop-api", "shop-admin"),
                10_000,
                ShopSecurityProperties.SigningKeys.DEFAULTS));

        StepVerifier.create(decoder.decode(
                        JWTS.builder().issuer(issuer).audience("shop-admin").build()))
                .expectNextCount(1)
                .verifyComplete();
        StepVerifier.create(decoder.decode(
                        JWTS.builder().issuer(issuer).audience("account").build()))
                .expectError(JwtValidationException.class)
                .verify();
    }

    @Test
    void takesBootsResourceServerSettingsWithTheShopsAudienceUnlessOneIsSet() {
        var jwt = new OAuth2ResourceServerProperties().getJwt();
        var settings = new ShopSecurityProperties.Settings(10, ShopSecurityProperties.SigningKeys.DEFAULTS);

        assertThat(ShopSecurityProperties.of(jwt, settings).audiences()).containsExactly("shop-api");
        jwt.setAudiences(List.of("other"));
        assertThat(ShopSecurityProperties.of(jwt, settings))
                .satisfies(properties -> assertThat(properties.audiences()).containsExactly("other"))
                .satisfies(properties -> assertThat(properties.tokenCacheSize()).isEqualTo(10));
    }

    @Test
    void checksTheIssuerAndAudienceOfKeySetTokens() {
        String issuer = "http://127.0.0.1:" + keycloak.port() + "/realms/shop";
        ReactiveJwtDecoder decoder = ShopJwtDecoders.create(new ShopSecurityProperties(
                issuer, null, null, List.of("shop-api"), 10_000, ShopSecurityProperties.SigningKeys.DEFAULTS));

        StepVerifier.create(decoder.decode(JWTS.builder().build()))
                .expectError(JwtValidationException.class)
                .verify();
        StepVerifier.create(decoder.decode(
                        JWTS.builder().issuer(issuer).audience("account").build()))
                .expectError(JwtValidationException.class)
                .verify();
    }

    @Test
    void prefersAnExplicitJwkSetUri() {
        String jwkSetUri = "http://127.0.0.1:" + keycloak.port() + "/realms/shop/protocol/openid-connect/certs";
        ReactiveJwtDecoder decoder = ShopJwtDecoders.create(new ShopSecurityProperties(
                "http://127.0.0.1:1/realms/elsewhere",
                jwkSetUri,
                null,
                List.of("shop-api"),
                10_000,
                ShopSecurityProperties.SigningKeys.DEFAULTS));

        StepVerifier.create(decoder.decode(JWTS.builder()
                        .issuer("http://127.0.0.1:1/realms/elsewhere")
                        .build()))
                .expectNextCount(1)
                .verifyComplete();
    }

    @Test
    void readsAPemPublicKeyAndOnlyAcceptsRs256() {
        ReactiveJwtDecoder decoder = ShopJwtDecoders.create(new ShopSecurityProperties(
                TestJwts.ISSUER,
                null,
                new FileSystemResource(JWTS.publicKeyFile()),
                List.of("shop-api"),
                10_000,
                ShopSecurityProperties.SigningKeys.DEFAULTS));

        StepVerifier.create(decoder.decode(JWTS.token("alice", "alice@example.com", "customer")))
                .expectNextCount(1)
                .verifyComplete();
        StepVerifier.create(decoder.decode(JWTS.builder().buildUnsigned()))
                .expectError(BadJwtException.class)
                .verify();
    }

    @Test
    void refusesToStartWithoutAKeySource() {
        assertThatThrownBy(() -> ShopJwtDecoders.create(new ShopSecurityProperties(
                        null, null, null, List.of("shop-api"), 10_000, ShopSecurityProperties.SigningKeys.DEFAULTS)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("spring.security.oauth2.resourceserver.jwt.issuer-uri");
    }

    @Test
    void derivesKeycloaksCertsUrlFromTheIssuer() {
        assertThat(ShopJwtDecoders.keycloakJwkSetUri("http://localhost:8180/realms/shop/"))
                .isEqualTo("http://localhost:8180/realms/shop/protocol/openid-connect/certs");
    }
}
