package dev.shop.archfixture.violating.catalog;

import dev.shop.archfixture.violating.common.Money;

public class ProductCatalog {

    public Money priceOf(String sku) {
        return new Money(sku.length(), "EUR");
    }
}
