package dev.shop.cart.checkout.web;

import dev.shop.cart.checkout.CheckoutCommand;
import dev.shop.cart.order.ShippingAddress;
import dev.shop.common.events.Money;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST /api/cart/checkout}.
 *
 * @param paymentMethod a provider's payment method id: {@code pm_} and up to 97 letters, digits or underscores
 *     ({@code pm_card_visa}, {@code pm_1PqR...})
 * @param expectedTotal the total the customer saw; optional
 */
record CheckoutRequest(
        @Schema(example = "pm_card_visa")
        @NotNull
        @Size(max = 100)
        @Pattern(regexp = "pm_[A-Za-z0-9_]+", message = "must be a payment method id (pm_...)")
        @Nullable
        String paymentMethod,

        @NotNull @Valid @Nullable Address shippingAddress,
        @Valid @Nullable Total expectedTotal) {

    /** Where to ship; lengths are bounded so that a label can print them. */
    record Address(
            @Schema(example = "Ada Lovelace") @NotBlank @Size(max = 200) @Nullable
            String name,

            @Schema(example = "12 St James's Square") @NotBlank @Size(max = 200) @Nullable
            String line1,

            @Schema(example = "Flat 2") @Size(max = 200) @Nullable
            String line2,

            @Schema(example = "London") @NotBlank @Size(max = 100) @Nullable
            String city,

            @Schema(example = "SW1Y 4JH")
            @NotBlank
            @Size(max = 20)
            @Pattern(regexp = "[\\p{Alnum} -]*", message = "must be letters, digits, spaces or -")
            @Nullable
            String postalCode,

            @Schema(example = "GB") @NotNull @CountryCode @Nullable
            String country) {}

    /** An amount in minor units and its ISO 4217 currency. */
    record Total(
            @Schema(example = "4998") @NotNull @PositiveOrZero @Nullable
            Long amount,

            @Schema(example = "EUR") @NotNull @Pattern(regexp = "[A-Z]{3}") @Nullable
            String currency) {}

    /** The validated request as a command; call only after validation. */
    CheckoutCommand command() {
        Address address = Objects.requireNonNull(shippingAddress);
        Total total = expectedTotal;
        return new CheckoutCommand(
                Objects.requireNonNull(paymentMethod),
                new ShippingAddress(
                        Objects.requireNonNull(address.name()),
                        Objects.requireNonNull(address.line1()),
                        address.line2(),
                        Objects.requireNonNull(address.city()),
                        Objects.requireNonNull(address.postalCode()),
                        Objects.requireNonNull(address.country())),
                total == null
                        ? null
                        : new Money(Objects.requireNonNull(total.amount()), Objects.requireNonNull(total.currency())));
    }
}
