package dev.shop.auth.profile.web;

import dev.shop.common.problem.ProblemType;
import dev.shop.common.problem.ShopException;

/** A valid token whose {@code sub} is no user id (e.g. a client's own token): it has no profile. */
class NotAUserToken extends ShopException {

    NotAUserToken() {
        super(ProblemType.FORBIDDEN, "The token does not identify a user, so it has no profile.");
    }
}
