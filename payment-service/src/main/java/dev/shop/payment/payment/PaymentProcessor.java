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
 *
 * <p>Nothing is ever charged twice for an order. Before an intent is created again (its first create's key was
 * spent by a 5xx) or when the provider does not know the stored intent (a 404: its data lost, or another account's
 * key), the order's intents are looked up at the provider by their metadata: one found is adopted; none or several is
 * not conclusive, and the payment waits for a person ({@code NEEDS_ATTENTION}) rather than risk a second charge.
 *
 * <p>A payment without a certain outcome after {@code give-up-after} is given up: its intent is cancelled at the
 * provider and read back, and the payment fails only when the provider says the intent is cancelled (or there never
 * was one). Until the provider says so, the payment stays pending; if the intent succeeded after all, that is the
 * outcome.
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
        Mono<Void> work;
        if (isPastGiveUp(payment)) {
            // no new create or confirm once given up: only the cancel, until the provider says what became of it
            work = giveUp(payment, "past " + properties.giveUpAfter());
        } else if (payment.intentId() != null) {
            work = confirm(payment);
        } else if (payment.createKeyGeneration() > 0) {
            // an earlier create answered 5xx, possibly after it created an intent: adopt that one if the provider has
            // it
            work = lookUp(payment, "before creating the intent again", Lookup.CREATE_IF_NONE);
        } else {
            work = create(payment);
        }
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
                                // the provider does not know the intent: its data was lost, or the key is another
                                // account's, where the intent may well be charged. Never simply start over
                                ? lookUp(payment, "the provider does not know intent " + intentId, Lookup.PARK_IF_NONE)
                                : later(payment, String.valueOf(e.getMessage())))
                .onErrorResume(ProviderUnavailable.class, e -> later(payment, String.valueOf(e.getMessage())));
    }

    /** What a search that finds none of the order's intents means. */
    private enum Lookup {
        /** Nothing was created (a create's 5xx came before it took effect): create one. */
        CREATE_IF_NONE,
        /** Not conclusive (the intent may live in another account): a person decides. */
        PARK_IF_NONE,
        /** Nothing to cancel: nothing was ever charged, the payment fails. */
        FAIL_IF_NONE
    }

    /**
     * Looks the order's intents up at the provider by their metadata: exactly one is the payment's from now on, and
     * its state decides; none means what {@code ifNone} says; several is not conclusive, and a person decides.
     */
    private Mono<Void> lookUp(Payment payment, String why, Lookup ifNone) {
        return stripe.findByOrder(payment.orderId())
                .flatMap(found -> switch (found.size()) {
                    case 0 ->
                        switch (ifNone) {
                            case CREATE_IF_NONE -> create(payment);
                            case PARK_IF_NONE ->
                                outcomes.needsAttention(
                                        payment, why + "; no intent of the order found at the provider");
                            case FAIL_IF_NONE ->
                                outcomes.failed(
                                        payment,
                                        PaymentFailureReason.PAYMENT_FAILED,
                                        "no certain outcome in time, and no intent of the order at the provider");
                        };
                    case 1 -> adopt(payment, found.getFirst(), ifNone == Lookup.FAIL_IF_NONE);
                    default ->
                        outcomes.needsAttention(
                                payment,
                                why + "; the provider has " + found.size() + " intents of the order: "
                                        + found.stream().map(PaymentIntent::id).toList());
                })
                .onErrorResume(ProviderRejected.class, e -> later(payment, "search: " + e.getMessage()))
                .onErrorResume(ProviderUnavailable.class, e -> later(payment, "search: " + e.getMessage()));
    }

    /** The order's one intent at the provider becomes the payment's; then it is settled, or cancelled when giving up. */
    private Mono<Void> adopt(Payment payment, PaymentIntent intent, boolean givingUp) {
        var stored = payment.intentId();
        var recorded = stored == null
                ? payments.recordIntent(payment.id(), intent.id())
                : payments.replaceIntent(payment.id(), stored, intent.id());
        return recorded.flatMap(adopted -> {
            if (!adopted) {
                return InTrace.<Void>run(() -> log.info(
                        "Payment {} of order {} changed meanwhile; intent {} not adopted",
                        payment.id(),
                        payment.orderId(),
                        intent.id()));
            }
            var withIntent = payment.withIntent(intent.id());
            return InTrace.<Void>run(() -> log.warn(
                            "Payment {} of order {} adopts intent {} ({}) found at the provider",
                            payment.id(),
                            payment.orderId(),
                            intent.id(),
                            intent.status()))
                    .then(
                            givingUp
                                    ? cancelAndSettle(withIntent)
                                    : intent.awaitsConfirmation()
                                            ? confirm(withIntent)
                                            : act(withIntent, intent, false));
        });
    }

    private Mono<Void> act(Payment payment, PaymentIntent intent, boolean confirmKeySpent) {
        if (intent.succeeded()) {
            return outcomes.succeeded(payment, intent.charged());
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

    /** Leaves the payment pending and due again after a backoff; gives it up once it has waited too long. */
    private Mono<Void> later(Payment payment, String reason) {
        return InTrace.defer(() -> isPastGiveUp(payment) ? giveUp(payment, reason) : postpone(payment, reason));
    }

    private boolean isPastGiveUp(Payment payment) {
        return clock.instant().isAfter(payment.createdAt().plus(properties.giveUpAfter()));
    }

    private Mono<Void> postpone(Payment payment, String reason) {
        return InTrace.defer(() -> {
            log.debug("Payment {} of order {} stays pending: {}", payment.id(), payment.orderId(), reason);
            return payments.postpone(payment.id(), backoff(payment.attempts()), reason);
        });
    }

    /**
     * No certain outcome in time: the intent is cancelled so that it can no longer charge, and the payment fails once
     * the provider says it is cancelled. Without a stored intent, the order's intents are looked up first (a create
     * whose answer was lost may have made one). Whatever stands in the way (the provider down) leaves it pending.
     */
    private Mono<Void> giveUp(Payment payment, String lastReason) {
        return InTrace.defer(() -> {
            log.warn(
                    "Giving up payment {} of order {} after {}; last: {}",
                    payment.id(),
                    payment.orderId(),
                    properties.giveUpAfter(),
                    lastReason);
            return payment.intentId() == null
                    ? lookUp(payment, "giving up", Lookup.FAIL_IF_NONE)
                    : cancelAndSettle(payment);
        });
    }

    /** Cancels the intent, reads it back, and settles the payment on what the provider says now. */
    private Mono<Void> cancelAndSettle(Payment payment) {
        var intentId = Objects.requireNonNull(payment.intentId());
        return stripe.cancel(intentId)
                // already succeeded or cancelled: the read below says which
                .onErrorResume(ProviderRejected.class, e -> e.isMissing() ? Mono.error(e) : Mono.empty())
                .then(stripe.retrieve(intentId))
                .flatMap(intent -> {
                    if (intent.canceled()) {
                        return outcomes.failed(
                                payment,
                                PaymentFailureReason.PAYMENT_FAILED,
                                "no certain outcome in " + properties.giveUpAfter() + "; intent " + intentId
                                        + " is cancelled");
                    }
                    if (intent.succeeded()) {
                        return outcomes.succeeded(payment, intent.charged());
                    }
                    return postpone(payment, "giving up: intent " + intentId + " is " + intent.status());
                })
                .onErrorResume(
                        ProviderRejected.class,
                        e -> e.isMissing()
                                ? lookUp(
                                        payment,
                                        "giving up: the provider does not know intent " + intentId,
                                        Lookup.PARK_IF_NONE)
                                : postpone(payment, "giving up: " + e.getMessage()))
                .onErrorResume(ProviderUnavailable.class, e -> postpone(payment, "giving up: " + e.getMessage()));
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
