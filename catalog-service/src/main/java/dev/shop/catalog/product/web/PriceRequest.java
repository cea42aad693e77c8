package dev.shop.catalog.product.web;

import dev.shop.common.events.Money;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** A price in minor units of the shop's currency, e.g. {@code {"amount": 1999, "currency": "EUR"}}. */
record PriceRequest(
        @Schema(example = "2499") @NotNull @PositiveOrZero @Max(MAX_AMOUNT) @Nullable
        Long amount,

        @Schema(example = "EUR")
        @NotNull
        @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as EUR")
        @Nullable
        String currency) {

    /** A billion euros in cents: far above any product, far below overflow when multiplied by quantities. */
    static final long MAX_AMOUNT = 100_000_000_000L;

    Money toMoney() {
        return new Money(Objects.requireNonNull(amount), Objects.requireNonNull(currency));
    }
}
