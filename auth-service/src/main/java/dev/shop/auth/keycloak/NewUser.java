package dev.shop.auth.keycloak;

/**
 * A user to create: enabled, the e-mail as username, no required actions (so the password grant works at once), the
 * realm's default roles.
 */
public record NewUser(String email, String firstName, String lastName, String password) {

    @Override
    public String toString() {
        return "NewUser[email=" + email + "]"; // never the password
    }
}
