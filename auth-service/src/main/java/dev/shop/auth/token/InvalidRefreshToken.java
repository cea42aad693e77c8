package dev.shop.auth.token;

import dev.shop.common.problem.ProblemType;
import dev.shop.common.problem.ShopException;

/** The refresh token is spent, expired, logged out, forged or not this client's: log in again. */
public class InvalidRefreshToken extends ShopException {

    InvalidRefreshToken() {
        super(ProblemType.UNAUTHORIZED, "The refresh token is no longer valid; log in again.");
    }
}
