package dev.shop.archfixture.violating.cart;

import dev.shop.archfixture.violating.catalog.ProductCatalog;
import dev.shop.archfixture.violating.common.Money;

public class CheckoutService {

    private final ProductCatalog catalog = new ProductCatalog();

    public Money total(String sku, int quantity) {
        Money price = catalog.priceOf(sku);
        return new Money(price.amount() * quantity, price.currency());
    }
}
