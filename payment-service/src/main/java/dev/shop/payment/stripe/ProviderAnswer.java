package dev.shop.payment.stripe;

import java.util.List;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * What the provider answered to one request, as a value: an object it returns, a refusal, or no usable answer. The
 * service's rules about what each answer means are a pure function over this type (see the payment package's
 * {@code ProviderAnswers}), not a chain of error handlers.
 */
public sealed interface ProviderAnswer {

    /** The PaymentIntent as the provider holds it now. */
    record Intent(PaymentIntent intent) implements ProviderAnswer {}

    /** The order's PaymentIntents a search found (none, one, or several). */
    record Intents(List<PaymentIntent> intents) implements ProviderAnswer {}

    /** A refund the provider made. */
    record Refund(ProviderRefund refund) implements ProviderAnswer {}

    /**
     * A 4xx other than 429 (see {@link ProviderRejected}).
     *
     * @param intent the PaymentIntent as the refusal reports it (declines and state conflicts carry it)
     */
    record Rejected(
            Rejection rejection, String message, @Nullable PaymentIntent intent) implements ProviderAnswer {}

    /** Nothing usable came back (see {@link ProviderUnavailable}): the request may or may not have taken effect. */
    record NoAnswer(ProviderUnavailable.Kind kind, String message) implements ProviderAnswer {

        /** The provider may answer the next request: a connection failure, a timeout, a 5xx or a 429. */
        public boolean isTransient() {
            return kind.isTransient();
        }

        /** A 5xx, which the provider keeps as the idempotency key's answer for good. */
        public boolean spentTheKey() {
            return kind == ProviderUnavailable.Kind.SERVER_ERROR;
        }
    }

    /** Why the provider refused. */
    enum Rejection {
        /** 402 {@code card_error}: the card's bank (or the network) declined. */
        CARD_DECLINED,
        /** 409: another request with the same idempotency key is still running. */
        KEY_IN_USE,
        /** 404: the object does not exist at the provider. */
        UNKNOWN_OBJECT,
        /** 401 or 403: the service's own credentials are refused; no order is to blame. */
        CREDENTIALS_REFUSED,
        /** 400 {@code charge_already_refunded}: nothing is left to refund. */
        ALREADY_REFUNDED,
        /** Any other refusal: the request itself is wrong and asking again will not change that. */
        REFUSED
    }

    /** The answer to a request for a PaymentIntent (create, confirm, retrieve, cancel). */
    static Mono<ProviderAnswer> toIntent(Mono<PaymentIntent> request) {
        return answer(request.map(Intent::new));
    }

    /** The answer to a search for PaymentIntents. */
    static Mono<ProviderAnswer> toSearch(Mono<List<PaymentIntent>> request) {
        return answer(request.map(Intents::new));
    }

    /** The answer to a refund. */
    static Mono<ProviderAnswer> toRefund(Mono<ProviderRefund> request) {
        return answer(request.map(Refund::new));
    }

    /** The refusal {@code rejected} as an answer. */
    static Rejected of(ProviderRejected rejected) {
        Rejection rejection;
        if (rejected.isCardError()) {
            rejection = Rejection.CARD_DECLINED;
        } else if (rejected.isKeyInUse()) {
            rejection = Rejection.KEY_IN_USE;
        } else if (rejected.isMissing()) {
            rejection = Rejection.UNKNOWN_OBJECT;
        } else if (rejected.isAboutUs()) {
            rejection = Rejection.CREDENTIALS_REFUSED;
        } else if (rejected.isAlreadyRefunded()) {
            rejection = Rejection.ALREADY_REFUNDED;
        } else {
            rejection = Rejection.REFUSED;
        }
        return new Rejected(rejection, String.valueOf(rejected.getMessage()), rejected.intent());
    }

    /** No usable answer, as an answer. */
    static NoAnswer of(ProviderUnavailable unavailable) {
        return new NoAnswer(unavailable.kind(), String.valueOf(unavailable.getMessage()));
    }

    private static Mono<ProviderAnswer> answer(Mono<ProviderAnswer> request) {
        return request.onErrorResume(ProviderRejected.class, e -> Mono.just(of(e)))
                .onErrorResume(ProviderUnavailable.class, e -> Mono.just(of(e)));
    }
}
