package dev.shop.cart.product;

import dev.shop.common.problem.ProblemType;
import dev.shop.common.problem.ShopException;
import java.util.UUID;

/**
 * The product cannot go into a cart: the catalog never announced it, deleted it or made it inactive. A product created
 * a moment ago is in this state too until its event arrives, which the detail says.
 */
public class ProductUnavailable extends ShopException {

    public ProductUnavailable(UUID id) {
        super(
                ProblemType.NOT_FOUND,
                "No product with id " + id + " is available. A product added to the catalog a moment ago becomes "
                        + "available here within seconds; retry shortly.");
    }
}
