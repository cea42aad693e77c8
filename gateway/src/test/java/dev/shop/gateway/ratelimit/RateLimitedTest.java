package dev.shop.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

class RateLimitedTest {

    private static HttpHeaders limiterHeaders(long remaining, long requested, long replenishRate) {
        HttpHeaders headers = new HttpHeaders();
        headers.set("X-RateLimit-Remaining", Long.toString(remaining));
        headers.set("X-RateLimit-Requested-Tokens", Long.toString(requested));
        headers.set("X-RateLimit-Replenish-Rate", Long.toString(replenishRate));
        return headers;
    }

    @Test
    void waitsUntilTheBucketHoldsOneMoreRequest() {
        assertThat(RateLimited.from(limiterHeaders(0, 60, 1)).retryAfterSeconds())
                .isEqualTo(60);
        assertThat(RateLimited.from(limiterHeaders(4, 10, 1)).retryAfterSeconds())
                .isEqualTo(6);
        assertThat(RateLimited.from(limiterHeaders(0, 1, 50)).retryAfterSeconds())
                .isEqualTo(1);
    }

    @Test
    void saysRetryAfterInTheHeaderAndTheDetail() {
        RateLimited limited = RateLimited.from(limiterHeaders(0, 10, 1));

        assertThat(limited.headers().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("10");
        assertThat(limited.detail()).contains("10 seconds");
    }

    @Test
    void waitsASecondWhenTheLimiterSaidNothing() {
        assertThat(RateLimited.from(new HttpHeaders()).retryAfterSeconds()).isEqualTo(1);
    }
}
