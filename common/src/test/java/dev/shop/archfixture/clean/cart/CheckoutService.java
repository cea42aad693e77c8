package dev.shop.archfixture.clean.cart;

import dev.shop.archfixture.clean.common.Money;

public class CheckoutService {

    public Money total(Money price, int quantity) {
        return new Money(price.amount() * quantity, price.currency());
    }
}
