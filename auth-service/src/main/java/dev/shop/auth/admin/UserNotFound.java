package dev.shop.auth.admin;

import dev.shop.common.problem.ProblemType;
import dev.shop.common.problem.ShopException;
import java.util.UUID;

/** No user has this id. */
public class UserNotFound extends ShopException {

    UserNotFound(UUID id) {
        super(ProblemType.NOT_FOUND, "No user with id " + id + ".");
    }
}
