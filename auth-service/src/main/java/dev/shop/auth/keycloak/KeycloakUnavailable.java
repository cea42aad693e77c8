package dev.shop.auth.keycloak;

import dev.shop.common.problem.ProblemType;
import dev.shop.common.problem.ShopException;

/** Keycloak could not be reached, or answered with a server error: the request may be retried later. */
public class KeycloakUnavailable extends ShopException {

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
}
