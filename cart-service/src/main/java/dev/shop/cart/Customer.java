package dev.shop.cart;

import dev.shop.common.problem.ProblemType;
import dev.shop.common.problem.ShopException;
import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The customer a request acts for, from its access token: {@code sub} identifies them (carts and orders are keyed by
 * it), {@code email} is where order mail goes.
 *
 * @param id the token's {@code sub}
 * @param email the token's {@code email} claim, if it has one
 */
public record Customer(String id, @Nullable String email) {

    public static Customer of(Jwt token) {
        String subject = token.getSubject();
        if (subject == null || subject.isBlank()) {
            // the realm's "basic" scope always adds sub; a token without it cannot own a cart
            throw new NoSubject();
        }
        String email = token.getClaimAsString("email");
        return new Customer(subject, email == null || email.isBlank() ? null : email);
    }

    /** A valid token that names nobody: it may not act on a cart or an order. */
    static final class NoSubject extends ShopException {
        NoSubject() {
            super(ProblemType.FORBIDDEN, "The access token names no customer (it has no sub claim).");
        }
    }
}
