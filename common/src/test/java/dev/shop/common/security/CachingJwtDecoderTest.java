package dev.shop.common.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class CachingJwtDecoderTest {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T10:00:00Z"));
    private final Clock clock = new Clock() {
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
            return now.get();
        }
    };
    private final AtomicInteger checks = new AtomicInteger();

    /** Accepts "good-*" tokens, valid for 5 minutes from now; refuses everything else. */
    private final ReactiveJwtDecoder checking = token -> {
        checks.incrementAndGet();
        if (!token.startsWith("good-")) {
            return Mono.error(new BadJwtException("bad signature"));
        }
        return Mono.just(Jwt.withTokenValue(token)
                .header("alg", "RS256")
                .subject("user-1")
                .issuedAt(now.get())
                .expiresAt(now.get().plus(Duration.ofMinutes(5)))
                .build());
    };

    private final CachingJwtDecoder decoder = new CachingJwtDecoder(checking, 100, clock);

    @Test
    void checksAValidTokenOnceUntilItExpires() {
        StepVerifier.create(decoder.decode("good-1")).expectNextCount(1).verifyComplete();
        StepVerifier.create(decoder.decode("good-1")).expectNextCount(1).verifyComplete();
        assertThat(checks).hasValue(1);

        now.set(now.get().plus(Duration.ofMinutes(5)));

        StepVerifier.create(decoder.decode("good-1")).expectNextCount(1).verifyComplete();
        assertThat(checks).hasValue(2);
    }

    @Test
    void neverStoresARefusedToken() {
        for (int i = 0; i < 3; i++) {
            StepVerifier.create(decoder.decode("forged-1")).verifyError(BadJwtException.class);
        }
        assertThat(checks).hasValue(3);
        assertThat(decoder.size()).isZero();
    }

    @Test
    void keysOnTheExactTokenString() {
        decoder.decode("good-1").block();
        StepVerifier.create(decoder.decode("good-1x")).expectNextCount(1).verifyComplete();
        StepVerifier.create(decoder.decode("forged-good-1")).verifyError(BadJwtException.class);
        assertThat(checks).hasValue(3);
    }

    @Test
    void holdsAtMostItsMaximumSize() {
        var small = new CachingJwtDecoder(checking, 10, clock);
        for (int i = 0; i < 50; i++) {
            small.decode("good-" + i).block();
        }
        assertThat(small.size()).isLessThanOrEqualTo(10);
    }
}
