package dev.shop.payment.stripe;

import dev.shop.common.events.Money;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * What the service reads of a Stripe PaymentIntent.
 *
 * @param status {@code requires_payment_method}, {@code requires_confirmation}, {@code requires_action},
 *     {@code processing}, {@code requires_capture}, {@code canceled} or {@code succeeded}
 * @param lastErrorType the type of the last payment error, {@code card_error} for a declined card
 */
public record PaymentIntent(
        String id,
        String status,
        long amount,
        String currency,
        @Nullable String lastErrorType,
        @Nullable String lastErrorCode) {

    /** What it charged (or is to charge): its amount in the shop's upper-case currency code. */
    public Money charged() {
        return new Money(amount, currency.toUpperCase(Locale.ROOT));
    }

    public boolean succeeded() {
        return "succeeded".equals(status);
    }

    /** Its last attempt was refused by the card's bank (or the card network). */
    public boolean declined() {
        return "requires_payment_method".equals(status) && "card_error".equals(lastErrorType);
    }

    public boolean canceled() {
        return "canceled".equals(status);
    }

    /** Nobody has confirmed it yet (or a confirm never reached the provider). */
    public boolean awaitsConfirmation() {
        return "requires_confirmation".equals(status);
    }

    static PaymentIntent from(JsonNode json) {
        var error = json.path("last_payment_error");
        return new PaymentIntent(
                json.path("id").asString(),
                json.path("status").asString(),
                json.path("amount").asLong(),
                json.path("currency").asString(),
                error.isObject() ? text(error.path("type")) : null,
                error.isObject() ? text(error.path("code")) : null);
    }

    private static @Nullable String text(JsonNode node) {
        return node.isString() ? node.asString() : null;
    }
}
