package dev.shop.payment.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shop.payment.stripe.ProviderAnswer.Rejection;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** The provider's refusals and silences as values, each under the one name the payment rules go by. */
class ProviderAnswerTest {

    private static Rejection rejection(int status, String type, String code) {
        return ProviderAnswer.of(new ProviderRejected(status, type, code, "message", null))
                .rejection();
    }

    @Test
    void namesEachRefusal() {
        assertThat(rejection(402, "card_error", "card_declined")).isEqualTo(Rejection.CARD_DECLINED);
        assertThat(rejection(409, "idempotency_error", null)).isEqualTo(Rejection.KEY_IN_USE);
        assertThat(rejection(404, "invalid_request_error", "resource_missing")).isEqualTo(Rejection.UNKNOWN_OBJECT);
        assertThat(rejection(401, "invalid_request_error", null)).isEqualTo(Rejection.CREDENTIALS_REFUSED);
        assertThat(rejection(403, "invalid_request_error", null)).isEqualTo(Rejection.CREDENTIALS_REFUSED);
        assertThat(rejection(400, "invalid_request_error", "charge_already_refunded"))
                .isEqualTo(Rejection.ALREADY_REFUNDED);
        assertThat(rejection(400, "invalid_request_error", "amount_too_small")).isEqualTo(Rejection.REFUSED);
    }

    @Test
    void turnsARequestsOutcomeIntoAnAnswerWhetherItReturnedRefusedOrWentUnanswered() {
        var intent = new PaymentIntent("pi_1", "succeeded", 1, "eur", null, null);
        var unavailable = new ProviderUnavailable(ProviderUnavailable.Kind.SERVER_ERROR, 500, "boom", null);

        assertThat(ProviderAnswer.toIntent(Mono.just(intent)).block(Duration.ofSeconds(5)))
                .isEqualTo(new ProviderAnswer.Intent(intent));
        assertThat(ProviderAnswer.toIntent(Mono.error(unavailable)).block(Duration.ofSeconds(5)))
                .isEqualTo(new ProviderAnswer.NoAnswer(ProviderUnavailable.Kind.SERVER_ERROR, "boom"));
        assertThat(ProviderAnswer.toIntent(Mono.error(new ProviderRejected(404, "x", null, "gone", null)))
                        .block(Duration.ofSeconds(5)))
                .isInstanceOf(ProviderAnswer.Rejected.class);
        assertThat(ProviderAnswer.toRefund(Mono.error(new IllegalStateException("a bug")))
                        .onErrorReturn(new ProviderAnswer.NoAnswer(ProviderUnavailable.Kind.TIMEOUT, "not an answer"))
                        .block(Duration.ofSeconds(5)))
                .as("anything else is not an answer of the provider: it stays an error")
                .isEqualTo(new ProviderAnswer.NoAnswer(ProviderUnavailable.Kind.TIMEOUT, "not an answer"));
        assertThat(new ProviderAnswer.NoAnswer(ProviderUnavailable.Kind.SERVER_ERROR, "").spentTheKey())
                .isTrue();
        assertThat(new ProviderAnswer.NoAnswer(ProviderUnavailable.Kind.TIMEOUT, "").spentTheKey())
                .isFalse();
    }
}
