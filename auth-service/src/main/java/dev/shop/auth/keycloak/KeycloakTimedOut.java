package dev.shop.auth.keycloak;

import dev.shop.common.problem.ProblemType;
import dev.shop.common.problem.ShopException;

/** Keycloak did not answer within {@code shop.keycloak.timeout}: whether the call took effect is unknown. */
public class KeycloakTimedOut extends ShopException {

    public KeycloakTimedOut(String call, Throwable cause) {
        super(
                ProblemType.GATEWAY_TIMEOUT,
                "The identity provider did not answer in time. Retry later.",
                new IllegalStateException("Keycloak " + call + " timed out", cause));
    }
}
