package dev.shop.auth.token;

import dev.shop.common.problem.ProblemType;
import dev.shop.common.problem.ShopException;

/**
 * The username and password were not accepted. One answer for an unknown user, a wrong password, a locked or a
 * disabled account, so that nobody learns which e-mails have accounts.
 */
public class InvalidCredentials extends ShopException {

    InvalidCredentials() {
        super(ProblemType.UNAUTHORIZED, "The username or password is incorrect.");
    }
}
