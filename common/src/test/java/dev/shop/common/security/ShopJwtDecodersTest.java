package dev.shop.common.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shop.common.security.test.TestJwts;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.FileSystemResource;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.test.StepVerifier;

class ShopJwtDecodersTest {

    private static final TestJwts JWTS = TestJwts.shared();

    private final AtomicInteger keySetRequests = new AtomicInteger();
    private DisposableServer keycloak;

    @BeforeEach
    void startKeycloakKeySet() {
        // stands in for Keycloak's certs endpoint of realm "shop"
        keycloak = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .route(routes -> routes.get("/realms/shop/protocol/openid-connect/certs", (request, response) -> {
                    keySetRequests.incrementAndGet();
                    return response.header("Content-Type", "application/json").sendString(Mono.just(JWTS.jwkSetJson()));
                }))
                .bindNow();
    }

    @AfterEach
    void stopKeycloakKeySet() {
        keycloak.disposeNow();
    }

    @Test
    void fetchesKeycloaksKeySetUnderTheIssuerOnTheFirstTokenNotAtStartup() {
        String issuer = "http://127.0.0.1:" + keycloak.port() + "/realms/shop";
        ReactiveJwtDecoder decoder =
                ShopJwtDecoders.create(new ShopSecurityProperties(issuer, null, null, "shop-api", 10_000));

        assertThat(keySetRequests).hasValue(0);

        StepVerifier.create(decoder.decode(
                        JWTS.builder().issuer(issuer).subject("alice").build()))
                .assertNext(jwt -> assertThat(jwt.getSubject()).isEqualTo("alice"))
                .verifyComplete();
        assertThat(keySetRequests).hasValue(1);
    }

    @Test
    void checksTheIssuerAndAudienceOfKeySetTokens() {
        String issuer = "http://127.0.0.1:" + keycloak.port() + "/realms/shop";
        ReactiveJwtDecoder decoder =
                ShopJwtDecoders.create(new ShopSecurityProperties(issuer, null, null, "shop-api", 10_000));

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
        ReactiveJwtDecoder decoder = ShopJwtDecoders.create(
                new ShopSecurityProperties("http://127.0.0.1:1/realms/elsewhere", jwkSetUri, null, "shop-api", 10_000));

        StepVerifier.create(decoder.decode(JWTS.builder()
                        .issuer("http://127.0.0.1:1/realms/elsewhere")
                        .build()))
                .expectNextCount(1)
                .verifyComplete();
    }

    @Test
    void readsAPemPublicKeyAndOnlyAcceptsRs256() {
        ReactiveJwtDecoder decoder = ShopJwtDecoders.create(new ShopSecurityProperties(
                TestJwts.ISSUER, null, new FileSystemResource(JWTS.publicKeyFile()), "shop-api", 10_000));

        StepVerifier.create(decoder.decode(JWTS.token("alice", "alice@example.com", "customer")))
                .expectNextCount(1)
                .verifyComplete();
        StepVerifier.create(decoder.decode(JWTS.builder().buildUnsigned()))
                .expectError(BadJwtException.class)
                .verify();
    }

    @Test
    void refusesToStartWithoutAKeySource() {
        assertThatThrownBy(
                        () -> ShopJwtDecoders.create(new ShopSecurityProperties(null, null, null, "shop-api", 10_000)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("shop.security.issuer-uri");
    }

    @Test
    void derivesKeycloaksCertsUrlFromTheIssuer() {
        assertThat(ShopJwtDecoders.keycloakJwkSetUri("http://localhost:8180/realms/shop/"))
                .isEqualTo("http://localhost:8180/realms/shop/protocol/openid-connect/certs");
    }
}
