package dev.shop.localstack.stripe;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stripe's webhook signature: {@code Stripe-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.rawbody">}, keyed
 * with the endpoint's secret. Public so that tests can sign (or mis-sign) payloads of their own.
 *
 * @see <a href="https://docs.stripe.com/webhooks#verify-manually">Verifying signatures manually</a>
 */
public final class WebhookSignature {

    private WebhookSignature() {}

    /** The {@code Stripe-Signature} header value for {@code payload} sent at {@code timestamp} (epoch seconds). */
    public static String header(String secret, long timestamp, byte[] payload) {
        return "t=" + timestamp + ",v1=" + v1(secret, timestamp, payload);
    }

    /** The hex {@code v1} signature: HMAC-SHA256 over {@code timestamp + "." + payload}. */
    public static String v1(String secret, long timestamp, byte[] payload) {
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(mac.doFinal(payload));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
