package dev.shop.gateway.routing;

import dev.shop.common.problem.ProblemType;
import dev.shop.common.problem.ShopException;
import java.time.Duration;
import org.springframework.http.HttpHeaders;

/**
 * The service behind a route cannot be reached, or its breaker is open: 503 {@code service-unavailable}, with a
 * {@code Retry-After} that says when trying again makes sense.
 */
public class ServiceUnavailable extends ShopException {

    private final long retryAfterSeconds;

    public ServiceUnavailable(String detail, Duration retryAfter, Throwable cause) {
        super(ProblemType.SERVICE_UNAVAILABLE, detail, cause);
        this.retryAfterSeconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    @Override
    public HttpHeaders headers() {
        return retryAfter(retryAfterSeconds);
    }
}
