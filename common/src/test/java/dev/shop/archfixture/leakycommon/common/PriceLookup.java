package dev.shop.archfixture.leakycommon.common;

import dev.shop.archfixture.leakycommon.catalog.ProductCatalog;

public class PriceLookup {

    public long price(String sku) {
        return new ProductCatalog().priceOf(sku);
    }
}
