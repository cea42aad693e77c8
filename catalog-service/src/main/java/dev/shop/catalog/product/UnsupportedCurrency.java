package dev.shop.catalog.product;

import dev.shop.common.problem.RejectedValue;

/** A price in a currency other than the shop's. */
public class UnsupportedCurrency extends RejectedValue {

    public UnsupportedCurrency(String field, String shopCurrency) {
        super(field, "must be " + shopCurrency + ", the shop's currency");
    }
}
