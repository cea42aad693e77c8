package dev.shop.catalog.product;

import dev.shop.common.problem.RejectedValue;

/** A search parameter that binding alone cannot judge: an unknown sort field, a price range upside down. */
public class InvalidSearch extends RejectedValue {

    public InvalidSearch(String parameter, String message) {
        super(parameter, message);
    }
}
