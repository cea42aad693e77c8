package dev.shop.catalog.image;

import dev.shop.common.problem.ProblemType;
import dev.shop.common.problem.ShopException;
import java.util.UUID;

/** A product has as many images as it may have; one must go before another comes. */
public class TooManyImages extends ShopException {

    TooManyImages(UUID productId, int max) {
        super(ProblemType.CONFLICT, "Product " + productId + " has " + max + " images, the most it may have.");
    }
}
