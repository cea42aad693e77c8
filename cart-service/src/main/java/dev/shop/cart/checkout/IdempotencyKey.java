package dev.shop.cart.checkout;

import dev.shop.common.problem.RejectedValue;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The {@code Idempotency-Key} of a checkout: 1 to 255 printable ASCII characters, meaningful only together with the
 * customer who sent it.
 */
public record IdempotencyKey(String value) {

    public static final String HEADER = "Idempotency-Key";
    public static final int MAX_LENGTH = 255;

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
     * The key of a request's {@code Idempotency-Key} header lines.
     *
     * @throws Invalid when the header is missing, sent more than once, empty, too long or not printable ASCII
     */
    public static IdempotencyKey fromHeader(@Nullable List<String> values) {
        if (values == null || values.isEmpty()) {
            throw new Invalid("is required: send a unique key per checkout and the same key when you retry it");
        }
        if (values.size() > 1) {
            // which one would be meant? Two keys cannot both name this checkout
            throw new Invalid("must be sent once, not " + values.size() + " times");
        }
        return new IdempotencyKey(values.getFirst());
    }

    /** A missing or malformed key: 400 {@code validation} naming the header. */
    public static final class Invalid extends RejectedValue {
        Invalid(String message) {
            super(HEADER, message);
        }
    }
}
