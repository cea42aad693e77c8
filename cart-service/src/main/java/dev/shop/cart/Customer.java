package dev.shop.cart;

import dev.shop.common.problem.ProblemType;
import dev.shop.common.problem.ShopException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The customer a request acts for, from its access token: {@code sub} identifies them (carts and orders are keyed by
 * it), {@code email} is where order mail goes, {@code locale} (the language of their Keycloak profile) what it is
 * written in.
 *
 * @param id the token's {@code sub}
 * @param email the token's {@code email} claim, if it has one
 * @param locale the token's {@code locale} claim as a BCP 47 language tag, if it has a well-formed one
 */
public record Customer(
        String id, @Nullable String email, @Nullable String locale) {

    private static final int LONGEST_LOCALE = 35;

    public static Customer of(Jwt token) {
        String subject = token.getSubject();
        if (subject == null || subject.isBlank()) {
            // the realm's "basic" scope always adds sub; a token without it cannot own a cart
            throw new NoSubject();
        }
        String email = token.getClaimAsString("email");
        return new Customer(subject, email == null || email.isBlank() ? null : email, locale(token));
    }

    // Keycloak's "locale" mapper (scope profile) gives the user's chosen language, e.g. "de"; anything that is not a
    // language tag is ignored rather than refused: the mails fall back to English
    private static @Nullable String locale(Jwt token) {
        Object claim = token.getClaims().get("locale");
        if (!(claim instanceof String tag) || tag.isBlank() || tag.length() > LONGEST_LOCALE) {
            return null;
        }
        var locale = Locale.forLanguageTag(tag.replace('_', '-'));
        return locale.getLanguage().isEmpty() ? null : locale.toLanguageTag();
    }

    /** A valid token that names nobody: it may not act on a cart or an order. */
    static final class NoSubject extends ShopException {
        NoSubject() {
            super(ProblemType.FORBIDDEN, "The access token names no customer (it has no sub claim).");
        }
    }
}
