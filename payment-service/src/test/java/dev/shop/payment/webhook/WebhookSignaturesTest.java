package dev.shop.payment.webhook;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class WebhookSignaturesTest {

    private static final String SECRET = "whsec_test";
    private static final long NOW = 1_800_000_000L;
    private static final byte[] PAYLOAD =
            "{\"id\":\"evt_1\",\"type\":\"payment_intent.succeeded\"}".getBytes(StandardCharsets.UTF_8);

    private final WebhookSignatures signatures = new WebhookSignatures(
            SECRET, Duration.ofSeconds(300), Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC));

    @Test
    void acceptsAPayloadSignedWithTheSecretWithinTheTolerance() {
        assertThatCode(() -> signatures.verify("t=" + NOW + ",v1=" + v1(SECRET, NOW, PAYLOAD), PAYLOAD))
                .doesNotThrowAnyException();
        assertThatCode(() -> signatures.verify("t=" + (NOW - 300) + ",v1=" + v1(SECRET, NOW - 300, PAYLOAD), PAYLOAD))
                .doesNotThrowAnyException();
    }

    @Test
    void acceptsAnyOfSeveralV1SignaturesAndIgnoresOtherSchemes() {
        var header = "t=" + NOW + ",v0=" + v1("old", NOW, PAYLOAD) + ",v1=" + v1("whsec_rolled", NOW, PAYLOAD) + ",v1="
                + v1(SECRET, NOW, PAYLOAD);

        assertThatCode(() -> signatures.verify(header, PAYLOAD)).doesNotThrowAnyException();
    }

    @Test
    void refusesWhatIsNotSignedWithTheSecretOverTheseExactBytesRecently() {
        var tampered = "{\"id\":\"evt_1\",\"type\":\"payment_intent.succeeded\" }".getBytes(StandardCharsets.UTF_8);

        refused(null, PAYLOAD);
        refused("", PAYLOAD);
        refused("t=" + NOW, PAYLOAD);
        refused("v1=" + v1(SECRET, NOW, PAYLOAD), PAYLOAD);
        refused("t=abc,v1=" + v1(SECRET, NOW, PAYLOAD), PAYLOAD);
        refused("t=" + NOW + ",v1=" + v1("whsec_other", NOW, PAYLOAD), PAYLOAD);
        refused("t=" + NOW + ",v1=" + v1(SECRET, NOW, PAYLOAD), tampered);
        refused("t=" + (NOW - 301) + ",v1=" + v1(SECRET, NOW - 301, PAYLOAD), PAYLOAD);
        refused("t=" + (NOW + 301) + ",v1=" + v1(SECRET, NOW + 301, PAYLOAD), PAYLOAD);
        // the signature of another timestamp: t is part of what is signed, so a replay cannot refresh it
        refused("t=" + NOW + ",v1=" + v1(SECRET, NOW - 1000, PAYLOAD), PAYLOAD);
        refused("t=" + NOW + ",v0=" + v1(SECRET, NOW, PAYLOAD), PAYLOAD);
        refused("t=" + NOW + ",v1=zz", PAYLOAD);
    }

    private void refused(String header, byte[] payload) {
        assertThatThrownBy(() -> signatures.verify(header, payload)).as(header).isInstanceOf(InvalidWebhook.class);
    }

    /** Computed here independently of the class under test. */
    private static String v1(String secret, long timestamp, byte[] payload) {
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal(payload));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
