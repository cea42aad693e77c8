package dev.shop.payment.payment;

import dev.shop.common.events.payment.PaymentFailureReason;
import dev.shop.common.tracing.InTrace;
import dev.shop.payment.stripe.PaymentIntent;
import dev.shop.payment.stripe.ProviderRejected;
import dev.shop.payment.stripe.ProviderUnavailable;
import dev.shop.payment.stripe.StripeClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * One attempt at a payment that a worker holds: create the PaymentIntent (if none is stored yet), store its id,
 * confirm it, and act on what the provider says. An unclear answer (timeout, reset, 5xx, 409) is never taken as an
 * outcome: the intent is retrieved and its real state decides; when even that fails, the payment stays pending and is
 * tried again later with the same idempotency keys, so a charge that did happen is found, not repeated.
 */
@Component
class PaymentProcessor {

    private static final Logger log = LoggerFactory.getLogger(PaymentProcessor.class);

    private final PaymentRepository payments;
    private final PaymentOutcomes outcomes;
    private final StripeClient stripe;
    private final ProcessingProperties properties;
    private final Clock clock;

    PaymentProcessor(
            PaymentRepository payments,
            PaymentOutcomes outcomes,
            StripeClient stripe,
            ProcessingProperties properties,
            Clock clock) {
        this.payments = payments;
        this.outcomes = outcomes;
        this.stripe = stripe;
        this.properties = properties;
        this.clock = clock;
    }

    /** Takes the payment if it is due and nobody holds it, and works on it; completes when the attempt is over. */
    Mono<Void> processIfDue(UUID paymentId) {
        return payments.claim(paymentId, properties.lease()).flatMap(this::attempt);
    }

    /** One attempt at a payment this worker holds. Never fails: what goes wrong postpones the payment. */
    Mono<Void> attempt(Payment payment) {
        var work = payment.intentId() == null ? create(payment) : confirm(payment);
        return work.onErrorResume(e -> InTrace.defer(() -> {
            log.warn("Attempt at payment {} of order {} failed unexpectedly", payment.id(), payment.orderId(), e);
            return later(payment, "unexpected: " + e);
        }));
    }

    private Mono<Void> create(Payment payment) {
        return stripe.createIntent(payment.orderId(), payment.amount(), payment.paymentMethod(), payment.createKey())
                .flatMap(intent -> payments.recordIntent(payment.id(), intent.id())
                        .flatMap(recorded -> recorded
                                ? confirm(payment.withIntent(intent.id()))
                                // the order was cancelled while the intent was being created: never confirm it
                                : InTrace.<Void>run(() -> log.info(
                                        "Payment {} of order {} is no longer pending; intent {} left unconfirmed",
                                        payment.id(),
                                        payment.orderId(),
                                        intent.id()))))
                .onErrorResume(
                        ProviderRejected.class,
                        e -> e.isKeyInUse() || e.isAboutUs()
                                // our own earlier create with this key still runs (its answer will be replayed to the
                                // next
                                // try), or our credentials are wrong: neither is the order's fault
                                ? later(payment, String.valueOf(e.getMessage()))
                                // the provider refuses to create it (bad amount, unknown payment method): that will not
                                // change
                                : outcomes.failed(
                                        payment, PaymentFailureReason.PAYMENT_FAILED, String.valueOf(e.getMessage())))
                .onErrorResume(
                        ProviderUnavailable.class,
                        e -> e.kind() == ProviderUnavailable.Kind.SERVER_ERROR
                                // the key now answers this 5xx forever; an intent it may have created is never
                                // confirmed
                                ? payments.spendCreateKey(payment.id())
                                        .then(later(payment, String.valueOf(e.getMessage())))
                                : later(payment, String.valueOf(e.getMessage())));
    }

    private Mono<Void> confirm(Payment payment) {
        var intentId = Objects.requireNonNull(payment.intentId());
        return stripe.confirm(intentId, payment.confirmKey())
                .flatMap(intent -> act(payment, intent, false))
                .onErrorResume(ProviderRejected.class, e -> {
                    if (e.isCardError()) {
                        return outcomes.failed(
                                payment, PaymentFailureReason.PAYMENT_DECLINED, String.valueOf(e.getMessage()));
                    }
                    if (e.intent() != null) {
                        // e.g. 400 payment_intent_unexpected_state: it already succeeded (another worker, a late
                        // answer)
                        return act(payment, e.intent(), false);
                    }
                    if (e.isKeyInUse() || e.isMissing()) {
                        return inspect(payment, false);
                    }
                    if (e.isAboutUs()) {
                        return later(payment, String.valueOf(e.getMessage()));
                    }
                    return outcomes.failed(
                            payment, PaymentFailureReason.PAYMENT_FAILED, String.valueOf(e.getMessage()));
                })
                .onErrorResume(
                        ProviderUnavailable.class,
                        e -> e.isTransient()
                                ? inspect(payment, e.kind() == ProviderUnavailable.Kind.SERVER_ERROR)
                                : later(payment, String.valueOf(e.getMessage())));
    }

    /** After an unclear answer to a confirm: what the provider really did decides. */
    private Mono<Void> inspect(Payment payment, boolean confirmKeySpent) {
        var intentId = Objects.requireNonNull(payment.intentId());
        return stripe.retrieve(intentId)
                .flatMap(intent -> act(payment, intent, confirmKeySpent))
                .onErrorResume(
                        ProviderRejected.class,
                        e -> e.isMissing()
                                // the provider lost the intent (a simulator restarted, say): nothing was charged on it
                                ? payments.forgetIntent(payment.id())
                                        .then(later(payment, "intent unknown to the provider"))
                                : later(payment, String.valueOf(e.getMessage())))
                .onErrorResume(ProviderUnavailable.class, e -> later(payment, String.valueOf(e.getMessage())));
    }

    private Mono<Void> act(Payment payment, PaymentIntent intent, boolean confirmKeySpent) {
        if (intent.succeeded()) {
            return outcomes.succeeded(payment);
        }
        if (intent.declined()) {
            return outcomes.failed(payment, PaymentFailureReason.PAYMENT_DECLINED, "card declined");
        }
        if (intent.canceled()) {
            return outcomes.failed(payment, PaymentFailureReason.PAYMENT_FAILED, "payment intent canceled");
        }
        if (intent.awaitsConfirmation() && confirmKeySpent) {
            // the confirm's 5xx is the key's answer for good, and nothing was charged: confirm again with a new key
            return payments.spendConfirmKey(payment.id()).then(later(payment, "confirm answered 5xx"));
        }
        // not confirmed yet (our confirm may still be running), or processing: look again later
        return later(payment, "payment intent " + intent.status());
    }

    /** Leaves the payment pending and due again after a backoff; fails it once it has waited too long. */
    private Mono<Void> later(Payment payment, String reason) {
        return InTrace.defer(() -> {
            if (clock.instant().isAfter(payment.createdAt().plus(properties.giveUpAfter()))) {
                return outcomes.failed(
                        payment, PaymentFailureReason.PAYMENT_FAILED, "no certain outcome in time; last: " + reason);
            }
            log.debug("Payment {} of order {} stays pending: {}", payment.id(), payment.orderId(), reason);
            return payments.postpone(payment.id(), backoff(payment.attempts()), reason);
        });
    }

    private Duration backoff(int attempts) {
        var base = properties.retryBackoff().toMillis();
        var grown = base * (1L << Math.min(Math.max(attempts - 1, 0), 16));
        var capped = Math.min(grown, properties.maxRetryBackoff().toMillis());
        // up to 25% either way, so that payments failed by one outage do not all come back in the same instant
        var jittered = capped * (0.75 + ThreadLocalRandom.current().nextDouble() * 0.5);
        return Duration.ofMillis((long) jittered);
    }
}
