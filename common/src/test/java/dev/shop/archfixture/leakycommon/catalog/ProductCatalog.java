package dev.shop.archfixture.leakycommon.catalog;

public class ProductCatalog {

    public long priceOf(String sku) {
        return sku.length();
    }
}
