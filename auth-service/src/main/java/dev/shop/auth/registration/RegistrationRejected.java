package dev.shop.auth.registration;

import dev.shop.common.problem.FieldViolation;
import dev.shop.common.problem.ProblemType;
import dev.shop.common.problem.ShopException;
import java.util.List;
import java.util.Map;

/**
 * Keycloak refused a value that passed this service's own checks: the password breaks the realm's password policy,
 * or a name or the e-mail breaks its user profile rules. Answered like any validation problem, with the fields.
 */
public class RegistrationRejected extends ShopException {

    private final List<FieldViolation> violations;

    RegistrationRejected(List<FieldViolation> violations) {
        super(ProblemType.VALIDATION, "The request contains invalid values; see errors.");
        this.violations = List.copyOf(violations);
    }

    public List<FieldViolation> violations() {
        return violations;
    }

    @Override
    public Map<String, Object> properties() {
        return Map.of("errors", violations);
    }
}
