package dev.shop.auth.registration;

import dev.shop.common.problem.ProblemType;
import dev.shop.common.problem.ShopException;

/** A user with this e-mail exists already. */
public class EmailTaken extends ShopException {

    EmailTaken(String email) {
        super(ProblemType.CONFLICT, "A user with the e-mail " + email + " exists already.");
    }
}
