package dev.shop.catalog.product;

import dev.shop.common.problem.ProblemType;
import dev.shop.common.problem.ShopException;
import java.util.UUID;

/** No product with this id is visible: it never existed, was deleted, or is inactive. */
public class ProductNotFound extends ShopException {

    public ProductNotFound(UUID id) {
        super(ProblemType.NOT_FOUND, "No product with id " + id + ".");
    }
}
