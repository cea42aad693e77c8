package dev.shop.common.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

/**
 * Remembers access tokens that passed the full check (signature, expiry, issuer, audience) until they expire, so that
 * a client's every call does not pay the signature check again (about 0.16 ms of CPU each here). The key is the exact
 * token string: a token whose any byte differs is checked afresh, and only a token that passed is ever stored, so a
 * forged token never meets the cache. An entry leaves at the token's {@code exp} (no clock skew granted, unlike the
 * full check) and the cache holds at most {@code maximumSize} tokens.
 */
public final class CachingJwtDecoder implements ReactiveJwtDecoder {

    private final ReactiveJwtDecoder delegate;
    private final Clock clock;
    private final Cache<String, Jwt> validated;

    public CachingJwtDecoder(ReactiveJwtDecoder delegate, long maximumSize, Clock clock) {
        this.delegate = delegate;
        this.clock = clock;
        this.validated = Caffeine.newBuilder()
                .maximumSize(maximumSize)
                .expireAfter(new UntilExpiry(clock))
                .ticker(() -> clock.millis() * 1_000_000L)
                .build();
    }

    @Override
    public Mono<Jwt> decode(String token) throws JwtException {
        Jwt known = validated.getIfPresent(token);
        if (known != null && isLive(known)) {
            return Mono.just(known);
        }
        return delegate.decode(token).doOnNext(jwt -> {
            if (isLive(jwt)) {
                validated.put(token, jwt);
            }
        });
    }

    /** How many validated tokens are held, for tests and metrics. */
    long size() {
        validated.cleanUp();
        return validated.estimatedSize();
    }

    private boolean isLive(Jwt jwt) {
        Instant expiresAt = jwt.getExpiresAt();
        return expiresAt != null && expiresAt.isAfter(clock.instant());
    }

    /** Each entry lives until its token's {@code exp}. */
    private record UntilExpiry(Clock clock) implements Expiry<String, Jwt> {

        @Override
        public long expireAfterCreate(String token, Jwt jwt, long currentTime) {
            return nanosUntilExpiry(jwt);
        }

        @Override
        public long expireAfterUpdate(String token, Jwt jwt, long currentTime, long currentDuration) {
            return nanosUntilExpiry(jwt);
        }

        @Override
        public long expireAfterRead(String token, Jwt jwt, long currentTime, long currentDuration) {
            return currentDuration;
        }

        private long nanosUntilExpiry(Jwt jwt) {
            @Nullable Instant expiresAt = jwt.getExpiresAt();
            if (expiresAt == null) {
                return 0;
            }
            return Math.max(0, Duration.between(clock.instant(), expiresAt).toNanos());
        }
    }
}
