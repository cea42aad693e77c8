package dev.shop.auth.admin;

import dev.shop.auth.ShopRole;
import dev.shop.common.problem.FieldViolation;
import dev.shop.common.problem.ProblemType;
import dev.shop.common.problem.ShopException;
import java.util.List;
import java.util.Map;

/** A role name that is no shop role. */
public class UnknownRole extends ShopException {

    private final String role;

    UnknownRole(String role) {
        super(ProblemType.VALIDATION, "The request contains invalid values; see errors.");
        this.role = role;
    }

    @Override
    public Map<String, Object> properties() {
        return Map.of(
                "errors",
                List.of(new FieldViolation(
                        "roles", "'" + role + "' is not a role; the roles are: " + ShopRole.names())));
    }
}
