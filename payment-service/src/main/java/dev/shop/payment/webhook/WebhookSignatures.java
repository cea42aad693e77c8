package dev.shop.payment.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Stripe's {@code Stripe-Signature} check: {@code t=<unix seconds>,v1=<hex>[,v1=<hex>...]} (other schemes such as
 * {@code v0} are ignored), valid when one {@code v1} equals HMAC-SHA256 of {@code t + "." + rawbody} under the endpoint
 * secret, compared in constant time, and {@code t} is within the tolerance of now. Several {@code v1} values let the
 * provider roll its secret. Works on the raw bytes, before any parsing.
 */
final class WebhookSignatures {

    private final byte[] secret;
    private final Duration tolerance;
    private final Clock clock;

    WebhookSignatures(String secret, Duration tolerance, Clock clock) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.tolerance = tolerance;
        this.clock = clock;
    }

    /** Returns normally when the payload is signed with the secret, recently; else throws {@link InvalidWebhook}. */
    void verify(@Nullable String header, byte[] payload) {
        if (header == null || header.isBlank()) {
            throw new InvalidWebhook("The Stripe-Signature header is missing.");
        }
        Long timestamp = null;
        List<byte[]> signatures = new ArrayList<>();
        for (var element : header.split(",")) {
            var equals = element.indexOf('=');
            if (equals < 1) {
                continue;
            }
            var name = element.substring(0, equals).trim();
            var value = element.substring(equals + 1).trim();
            if (name.equals("t")) {
                timestamp = parseTimestamp(value);
            } else if (name.equals("v1")) {
                var signature = parseHex(value);
                if (signature != null) {
                    signatures.add(signature);
                }
            }
        }
        if (timestamp == null) {
            throw new InvalidWebhook("The Stripe-Signature header has no timestamp.");
        }
        if (signatures.isEmpty()) {
            throw new InvalidWebhook("The Stripe-Signature header has no v1 signature.");
        }
        var expected = hmac(timestamp, payload);
        var matches = false;
        for (var signature : signatures) {
            // constant time, and every candidate is compared: the time taken tells nothing about how close one was
            matches |= MessageDigest.isEqual(expected, signature);
        }
        if (!matches) {
            throw new InvalidWebhook("No signature matches the payload.");
        }
        var age = Math.abs(clock.instant().getEpochSecond() - timestamp);
        if (age > tolerance.toSeconds()) {
            throw new InvalidWebhook(
                    "The signature's timestamp is outside the tolerance of " + tolerance.toSeconds() + " s.");
        }
    }

    private byte[] hmac(long timestamp, byte[] payload) {
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static @Nullable Long parseTimestamp(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static byte @Nullable [] parseHex(String value) {
        try {
            return value.length() == 64 ? HexFormat.of().parseHex(value) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
