package dev.shop.payment.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class PaymentIntentTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void readsASucceededIntent() {
        var intent = PaymentIntent.from(JSON.readTree("""
                {"id":"pi_1","status":"succeeded","amount":4599,"currency":"eur","last_payment_error":null}
                """));

        assertThat(intent.succeeded()).isTrue();
        assertThat(intent.declined()).isFalse();
        assertThat(intent.amount()).isEqualTo(4599);
    }

    @Test
    void tellsADeclineFromAnIntentThatWasNeverGivenAPaymentMethod() {
        var declined = PaymentIntent.from(JSON.readTree("""
                {"id":"pi_2","status":"requires_payment_method","amount":1,"currency":"eur",
                 "last_payment_error":{"type":"card_error","code":"card_declined"}}
                """));
        var fresh = PaymentIntent.from(JSON.readTree("""
                {"id":"pi_3","status":"requires_payment_method","amount":1,"currency":"eur"}
                """));

        assertThat(declined.declined()).isTrue();
        assertThat(declined.lastErrorCode()).isEqualTo("card_declined");
        assertThat(fresh.declined()).isFalse();
    }

    @Test
    void treatsOnlyConnectionErrorsTimeoutsRateLimitsAnd5xxAsWorthARetry() {
        assertThat(new ProviderUnavailable(ProviderUnavailable.Kind.SERVER_ERROR, 503, "", null).isTransient())
                .isTrue();
        assertThat(new ProviderUnavailable(ProviderUnavailable.Kind.RATE_LIMITED, 429, "", null).isTransient())
                .isTrue();
        assertThat(new ProviderUnavailable(ProviderUnavailable.Kind.BREAKER_OPEN, null, "", null).isTransient())
                .isFalse();
        assertThat(new ProviderUnavailable(ProviderUnavailable.Kind.BULKHEAD_FULL, null, "", null).isTransient())
                .isFalse();
    }
}
