package dev.shop.common.problem;

import java.util.List;
import java.util.Map;

/**
 * Base of the domain exceptions for a request value that Bean Validation cannot judge (a header's format, an unknown
 * category, a currency other than the shop's): a 400 {@code validation} problem whose {@code errors} name the field,
 * like Bean Validation's.
 */
public abstract class RejectedValue extends ShopException {

    private final FieldViolation violation;

    protected RejectedValue(String field, String message) {
        super(ProblemType.VALIDATION, "The request contains invalid values; see errors.");
        this.violation = new FieldViolation(field, message);
    }

    public FieldViolation violation() {
        return violation;
    }

    @Override
    public Map<String, Object> properties() {
        return Map.of("errors", List.of(violation));
    }
}
