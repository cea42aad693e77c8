package dev.shop.auth.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class ServiceAccountTokenTest {

    private final MutableClock clock = new MutableClock();
    private final AtomicInteger fetches = new AtomicInteger();

    private ServiceAccountToken tokenLasting(long seconds) {
        return new ServiceAccountToken(
                () -> Mono.fromSupplier(
                        () -> new TokenSet("token-" + fetches.incrementAndGet(), seconds, null, 0, "Bearer")),
                Duration.ofSeconds(30),
                clock);
    }

    @Test
    void sharesOneTokenUntilShortlyBeforeItExpires() {
        var token = tokenLasting(300);

        assertThat(token.get().block()).isEqualTo("token-1");
        clock.advance(Duration.ofSeconds(269));
        assertThat(token.get().block()).isEqualTo("token-1");
        clock.advance(Duration.ofSeconds(2));
        assertThat(token.get().block()).isEqualTo("token-2");
        assertThat(fetches).hasValue(2);
    }

    @Test
    void letsConcurrentCallersWaitForOneFetch() {
        var token = tokenLasting(300);

        var tokens = Flux.range(0, 20).flatMap(i -> token.get()).collectList().block();

        assertThat(tokens).containsOnly("token-1");
        assertThat(fetches).hasValue(1);
    }

    @Test
    void usesAShortLivedTokenForHalfItsLife() {
        var token = tokenLasting(20);

        token.get().block();
        clock.advance(Duration.ofSeconds(9));
        assertThat(token.get().block()).isEqualTo("token-1");
        clock.advance(Duration.ofSeconds(2));
        assertThat(token.get().block()).isEqualTo("token-2");
    }

    @Test
    void replacesATokenKeycloakRefused() {
        var token = tokenLasting(300);
        var first = token.get().block();

        token.invalidate(first);

        assertThat(token.get().block()).isEqualTo("token-2");
        assertThat(token.get().block()).isEqualTo("token-2");
    }

    @Test
    void keepsNoFailedFetch() {
        var attempts = new AtomicInteger();
        var token = new ServiceAccountToken(
                () -> attempts.incrementAndGet() == 1
                        ? Mono.error(new IllegalStateException("Keycloak is starting"))
                        : Mono.just(new TokenSet("token", 300, null, 0, "Bearer")),
                Duration.ofSeconds(30),
                clock);

        StepVerifier.create(token.get())
                .expectErrorMessage("Keycloak is starting")
                .verify();
        StepVerifier.create(token.get()).expectNext("token").verifyComplete();
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-11-27T10:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
