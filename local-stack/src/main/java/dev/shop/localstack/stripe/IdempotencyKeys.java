package dev.shop.localstack.stripe;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Stripe's idempotency keys: the first request with a key runs, its result is kept for 24 hours and replayed to every
 * later request with the same key and the same parameters, whatever the result was (a 500 included). Another request
 * with the key while the first still runs gets 409; the key with other parameters gets 400 {@code idempotency_error}.
 */
final class IdempotencyKeys {

    static final Duration RETENTION = Duration.ofHours(24);

    /** What a request with a key should do. */
    sealed interface Claim {}

    /** The key is new: run the request, then {@link #complete} or {@link #release} it. */
    record Run() implements Claim {}

    /** The key's first result, to be answered again. */
    record Replay(ApiResponse response) implements Claim {}

    /** The key is refused (in use, or used with other parameters). */
    record Refuse(ApiResponse response) implements Claim {}

    private record Entry(String fingerprint, @Nullable ApiResponse result, Instant at) {}

    private final ConcurrentHashMap<String, Entry> keys = new ConcurrentHashMap<>();
    private final Clock clock;

    IdempotencyKeys(Clock clock) {
        this.clock = clock;
    }

    Claim claim(String key, String fingerprint) {
        var now = clock.instant();
        var claimed = new Entry(fingerprint, null, now);
        var existing = keys.compute(
                key,
                (k, entry) -> entry == null
                                || (entry.result() != null
                                        && entry.at().plus(RETENTION).isBefore(now))
                        ? claimed
                        : entry);
        if (existing == claimed) {
            return new Run();
        }
        if (!existing.fingerprint().equals(fingerprint)) {
            return new Refuse(ApiResponse.rejected(
                    400,
                    "idempotency_error",
                    null,
                    "Keys for idempotent requests can only be used with the same parameters they were first used "
                            + "with. Try using a key other than '" + key + "' if you meant to execute a different "
                            + "request.",
                    null));
        }
        var result = existing.result();
        if (result == null) {
            return new Refuse(ApiResponse.rejected(
                    409,
                    "invalid_request_error",
                    "idempotency_key_in_use",
                    "There is currently another in-progress request using this Idempotent Key (that probably means "
                            + "you submitted twice, and the other request is still going through): " + key
                            + ". Please try again later.",
                    null));
        }
        return new Replay(result);
    }

    /** Whether a request with the key is running now (claimed, no result kept yet). */
    boolean inUse(String key) {
        var entry = keys.get(key);
        return entry != null && entry.result() == null;
    }

    /** Keeps {@code result} as the key's answer from now on. */
    void complete(String key, ApiResponse result) {
        keys.computeIfPresent(key, (k, entry) -> new Entry(entry.fingerprint(), result, clock.instant()));
    }

    /** Forgets the key: its request did not start executing, so a retry runs afresh. */
    void release(String key) {
        keys.remove(key);
    }

    void clear() {
        keys.clear();
    }
}
