package dev.shop.payment.stripe;

import org.jspecify.annotations.Nullable;

/**
 * The provider gave no usable answer: the request may or may not have taken effect. The caller learns the truth by
 * retrieving the PaymentIntent, later if need be.
 */
public final class ProviderUnavailable extends RuntimeException {

    /** Why there was no answer. */
    public enum Kind {
        /** Connection refused, reset or closed early. */
        CONNECTION,
        /** No answer within the time limiter's limit. */
        TIMEOUT,
        /** A 5xx: with an idempotency key, Stripe keeps it as the key's result, so a retry with that key gets it again. */
        SERVER_ERROR,
        /** 429: refused before executing. */
        RATE_LIMITED,
        /** The circuit breaker is open: the request was not sent. */
        BREAKER_OPEN,
        /** All connections are busy: the request was not sent. */
        BULKHEAD_FULL;

        /** Worth another try at once (with backoff): the provider may answer the next request. */
        public boolean isTransient() {
            return this == CONNECTION || this == TIMEOUT || this == SERVER_ERROR || this == RATE_LIMITED;
        }
    }

    private final Kind kind;
    private final @Nullable Integer status;

    public ProviderUnavailable(Kind kind, @Nullable Integer status, String message, @Nullable Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.status = status;
    }

    public Kind kind() {
        return kind;
    }

    public @Nullable Integer status() {
        return status;
    }

    /** Worth another try at once (with backoff): the provider may answer the next request. */
    public boolean isTransient() {
        return kind.isTransient();
    }
}
