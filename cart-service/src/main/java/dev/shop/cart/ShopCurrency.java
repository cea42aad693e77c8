package dev.shop.cart;

import dev.shop.common.events.Money;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The one currency of the shop ({@code shop.currency}, EUR by default): carts and orders are in it; a product priced
 * in another cannot be bought here.
 *
 * @param currency an ISO 4217 code
 */
@ConfigurationProperties("shop")
public record ShopCurrency(@DefaultValue("EUR") String currency) {

    private static final Pattern ISO_4217 = Pattern.compile("[A-Z]{3}");

    public ShopCurrency {
        if (!ISO_4217.matcher(currency).matches()) {
            throw new IllegalArgumentException("shop.currency must be an ISO 4217 code such as EUR: " + currency);
        }
    }

    public boolean accepts(String code) {
        return currency.equals(code);
    }

    /** Nothing, in the shop's currency: the total of an empty cart. */
    public Money zero() {
        return new Money(0, currency);
    }
}
