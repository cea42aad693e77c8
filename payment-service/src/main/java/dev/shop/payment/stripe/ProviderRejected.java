package dev.shop.payment.stripe;

import org.jspecify.annotations.Nullable;

/**
 * The provider answered with a 4xx other than 429: a decline (402 {@code card_error}), a request it refuses (400), an
 * idempotency key still in use (409), an unknown object (404). Not a sign of a sick provider: the circuit breaker
 * ignores it.
 *
 * @see <a href="https://docs.stripe.com/api/errors">Stripe errors</a>
 */
public final class ProviderRejected extends RuntimeException {

    private final int status;
    private final @Nullable String type;
    private final @Nullable String code;
    private final @Nullable PaymentIntent intent;

    public ProviderRejected(
            int status,
            @Nullable String type,
            @Nullable String code,
            @Nullable String message,
            @Nullable PaymentIntent intent) {
        super(status + " " + type + "/" + code + ": " + message);
        this.status = status;
        this.type = type;
        this.code = code;
        this.intent = intent;
    }

    public int status() {
        return status;
    }

    public @Nullable String code() {
        return code;
    }

    /** The PaymentIntent as the error reports it (declines and state conflicts carry it). */
    public @Nullable PaymentIntent intent() {
        return intent;
    }

    public boolean isCardError() {
        return "card_error".equals(type);
    }

    /** 409: another request with the same idempotency key is still running. */
    public boolean isKeyInUse() {
        return status == 409;
    }

    /** 401 or 403: the service's own credentials are refused; no order is to blame. */
    public boolean isAboutUs() {
        return status == 401 || status == 403;
    }

    /** 400 {@code charge_already_refunded}: nothing is left to refund. */
    public boolean isAlreadyRefunded() {
        return "charge_already_refunded".equals(code);
    }

    /** 404: the object (the PaymentIntent) does not exist at the provider. */
    public boolean isMissing() {
        return status == 404;
    }
}
