package dev.shop.auth.keycloak;

import dev.shop.common.problem.ProblemType;
import dev.shop.common.problem.ShopException;
import org.springframework.http.HttpHeaders;

/**
 * Keycloak did not answer within {@code shop.keycloak.timeout}: whether the call took effect is unknown. 504 with
 * {@code Retry-After}, as when it cannot be reached.
 */
public class KeycloakTimedOut extends ShopException {

    public KeycloakTimedOut(String call, Throwable cause) {
        super(
                ProblemType.GATEWAY_TIMEOUT,
                "The identity provider did not answer in time. Retry later.",
                new IllegalStateException("Keycloak " + call + " timed out", cause));
    }

    @Override
    public HttpHeaders headers() {
        return retryAfter(KeycloakUnavailable.RETRY_AFTER_SECONDS);
    }
}
