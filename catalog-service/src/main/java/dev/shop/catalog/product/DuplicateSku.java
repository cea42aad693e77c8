package dev.shop.catalog.product;

import dev.shop.common.problem.ProblemType;
import dev.shop.common.problem.ShopException;

/** Another product already has this SKU. */
public class DuplicateSku extends ShopException {

    public DuplicateSku(String sku) {
        super(ProblemType.CONFLICT, "Another product already has the SKU '" + sku + "'.");
    }
}
