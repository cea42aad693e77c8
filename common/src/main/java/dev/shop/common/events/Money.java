package dev.shop.common.events;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An amount of money in minor units (cents) of an ISO 4217 currency, e.g. {@code {"amount": 1999, "currency": "EUR"}}.
 *
 * <p>Whether an amount may be negative is a rule of the service that uses it; this value only insists on a
 * well-formed currency code.
 */
public record Money(long amount, String currency) {

    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    public Money {
        Objects.requireNonNull(currency, "currency");
        if (!CURRENCY.matcher(currency).matches()) {
            throw new IllegalArgumentException("currency must be three upper-case letters (ISO 4217): " + currency);
        }
    }

    /** The sum of this and {@code other}, which must be in the same currency. */
    public Money plus(Money other) {
        requireSameCurrency(other);
        return new Money(Math.addExact(amount, other.amount), currency);
    }

    /** This amount times {@code quantity}, e.g. a line total from a unit price. */
    public Money times(int quantity) {
        return new Money(Math.multiplyExact(amount, quantity), currency);
    }

    private void requireSameCurrency(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("cannot add " + other.currency + " to " + currency);
        }
    }
}
