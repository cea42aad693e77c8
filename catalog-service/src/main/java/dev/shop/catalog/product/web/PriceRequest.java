package dev.shop.catalog.product.web;

import dev.shop.common.events.Money;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** A price in minor units of the shop's currency, e.g. {@code {"amount": 1999, "currency": "EUR"}}. */
record PriceRequest(
        @NotNull @PositiveOrZero @Max(MAX_AMOUNT) @Nullable Long amount,

        @NotNull @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as EUR") @Nullable
        String currency) {

    /** A billion euros in cents: far above any product, far below overflow when multiplied by quantities. */
    static final long MAX_AMOUNT = 100_000_000_000L;

    Money toMoney() {
        return new Money(Objects.requireNonNull(amount), Objects.requireNonNull(currency));
    }
}
