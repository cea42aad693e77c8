package dev.shop.gateway.ratelimit;

import dev.shop.common.problem.ProblemType;
import dev.shop.common.problem.ShopException;
import org.springframework.http.HttpHeaders;

/** The client has spent its requests for now: 429 {@code rate-limited} with {@code Retry-After}. */
public class RateLimited extends ShopException {

    private final long retryAfterSeconds;

    public RateLimited(long retryAfterSeconds) {
        super(
                ProblemType.RATE_LIMITED,
                "Too many requests from this client. Retry after " + retryAfterSeconds + " seconds.");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /**
     * The wait until the bucket holds enough tokens for one more request, from the headers the rate limiter set: it
     * refills {@code replenish-rate} tokens a second and a request takes {@code requested-tokens}. At least a second.
     */
    public static RateLimited from(HttpHeaders rateLimitHeaders) {
        long remaining = Math.max(0, number(rateLimitHeaders, "X-RateLimit-Remaining", 0));
        long requested = Math.max(1, number(rateLimitHeaders, "X-RateLimit-Requested-Tokens", 1));
        long replenishRate = Math.max(1, number(rateLimitHeaders, "X-RateLimit-Replenish-Rate", 1));
        long missing = Math.max(1, requested - remaining);
        return new RateLimited(Math.max(1, (missing + replenishRate - 1) / replenishRate));
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    @Override
    public HttpHeaders headers() {
        return retryAfter(retryAfterSeconds);
    }

    private static long number(HttpHeaders headers, String name, long fallback) {
        String value = headers.getFirst(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException notANumber) {
            return fallback;
        }
    }
}
