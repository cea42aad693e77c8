package dev.shop.cart.checkout;

import dev.shop.common.problem.RejectedValue;
import org.jspecify.annotations.Nullable;

/**
 * The {@code Idempotency-Key} of a checkout: 1 to 255 printable ASCII characters, meaningful only together with the
 * customer who sent it.
 */
public record IdempotencyKey(String value) {

    public static final String HEADER = "Idempotency-Key";
    static final int MAX_LENGTH = 255;

    public IdempotencyKey {
        if (value.isEmpty() || value.length() > MAX_LENGTH) {
            throw new Invalid("must be 1 to " + MAX_LENGTH + " printable ASCII characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw new Invalid("must contain printable ASCII characters only");
            }
        }
    }

    /**
     * The key of a request's header.
     *
     * @throws Invalid when the header is missing, empty, too long or not printable ASCII
     */
    public static IdempotencyKey fromHeader(@Nullable String header) {
        if (header == null) {
            throw new Invalid("is required: send a unique key per checkout and the same key when you retry it");
        }
        return new IdempotencyKey(header);
    }

    /** A missing or malformed key: 400 {@code validation} naming the header. */
    public static final class Invalid extends RejectedValue {
        Invalid(String message) {
            super(HEADER, message);
        }
    }
}
