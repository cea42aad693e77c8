package dev.shop.auth.keycloak;

/**
 * Keycloak answered a call with a client error (4xx). The features turn the cases they expect into domain exceptions
 * (a taken e-mail, bad credentials); any other is a fault of this service and ends as a 500, whose detail says
 * nothing. The message (for the log only) carries Keycloak's error code, never to a client.
 */
public class KeycloakRefused extends RuntimeException {

    private final int status;
    private final KeycloakError error;

    public KeycloakRefused(String call, int status, KeycloakError error) {
        super("Keycloak refused " + call + " with " + status + ": " + error.summary());
        this.status = status;
        this.error = error;
    }

    public int status() {
        return status;
    }

    public KeycloakError error() {
        return error;
    }

    /** An OAuth 2.0 {@code invalid_grant}: a bad password, an unknown user, a spent or foreign refresh token. */
    public boolean isInvalidGrant() {
        return (status == 400 || status == 401) && "invalid_grant".equals(error.error());
    }
}
