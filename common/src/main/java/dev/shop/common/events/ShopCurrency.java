package dev.shop.common.events;

import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The one currency of the shop ({@code shop.currency}, EUR by default): every price, cart and order is in it; amounts
 * in another are refused. A service that needs it enables it: {@code @EnableConfigurationProperties(ShopCurrency.class)}.
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
