package dev.shop.catalog.image;

import dev.shop.common.problem.FieldViolation;
import dev.shop.common.problem.ProblemType;
import dev.shop.common.problem.ShopException;
import java.util.List;
import java.util.Map;

/** A new order of a product's images that does not name each of its images exactly once. */
public class InvalidImageOrder extends ShopException {

    private static final String MESSAGE = "must name each of the product's images exactly once";

    InvalidImageOrder() {
        super(ProblemType.VALIDATION, "imageIds " + MESSAGE + ".");
    }

    @Override
    public Map<String, Object> properties() {
        return Map.of("errors", List.of(new FieldViolation("imageIds", MESSAGE)));
    }
}
