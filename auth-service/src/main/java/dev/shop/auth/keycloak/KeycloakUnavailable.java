package dev.shop.auth.keycloak;

import dev.shop.common.problem.ProblemType;
import dev.shop.common.problem.ShopException;
import org.springframework.http.HttpHeaders;

/**
 * Keycloak could not be reached, or answered with a server error: 503 with {@code Retry-After}, the request may be
 * retried later.
 */
public class KeycloakUnavailable extends ShopException {

    /** A few seconds: long enough not to add to the load of a provider coming back, short for a person waiting. */
    static final long RETRY_AFTER_SECONDS = 5;

    public KeycloakUnavailable(String call, Throwable cause) {
        super(
                ProblemType.SERVICE_UNAVAILABLE,
                "The identity provider is unavailable. Retry later.",
                new IllegalStateException("Keycloak " + call + " failed", cause));
    }

    public KeycloakUnavailable(String call, int status) {
        super(
                ProblemType.SERVICE_UNAVAILABLE,
                "The identity provider is unavailable. Retry later.",
                new IllegalStateException("Keycloak " + call + " answered " + status));
    }

    @Override
    public HttpHeaders headers() {
        return retryAfter(RETRY_AFTER_SECONDS);
    }
}
