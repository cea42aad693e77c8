package dev.shop.payment.payment;

import dev.shop.common.tracing.InTrace;
import dev.shop.payment.payment.ProviderAnswers.IfNone;
import dev.shop.payment.payment.ProviderAnswers.Key;
import dev.shop.payment.payment.ProviderAnswers.Next;
import dev.shop.payment.payment.ProviderAnswers.Step;
import dev.shop.payment.stripe.PaymentIntent;
import dev.shop.payment.stripe.ProviderAnswer;
import dev.shop.payment.stripe.StripeClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * One attempt at a payment that a worker holds: create the PaymentIntent (if none is stored yet), store its id,
 * confirm it, and act on what the provider says. What each answer means is decided by {@link ProviderAnswers}, a
 * pure function; this class sends the requests and carries its decisions out.
 *
 * <p>An unclear answer (timeout, reset, 5xx, 409) is never taken as an outcome: the intent is retrieved and its real
 * state decides; when even that fails, the payment stays pending and is tried again later with the same idempotency
 * keys, so a charge that did happen is found, not repeated.
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
            work = ask(payment, new Step.Confirm(payment.intentId()));
        } else if (payment.createKeyGeneration() > 0) {
            // an earlier create answered 5xx, possibly after it created an intent: adopt that one if the provider has
            // it
            work = ask(payment, new Step.Search("before creating the intent again", IfNone.CREATE));
        } else {
            work = ask(payment, new Step.Create());
        }
        return work.onErrorResume(e -> InTrace.defer(() -> {
            log.warn("Attempt at payment {} of order {} failed unexpectedly", payment.id(), payment.orderId(), e);
            return later(payment, "unexpected: " + e);
        }));
    }

    /** Sends the step's request and carries out what its answer means ({@link ProviderAnswers#next}). */
    private Mono<Void> ask(Payment payment, Step step) {
        Mono<ProviderAnswer> answer = switch (step) {
            case Step.Create create ->
                ProviderAnswer.toIntent(stripe.createIntent(
                        payment.orderId(), payment.amount(), payment.paymentMethod(), payment.createKey()));
            case Step.Confirm confirm ->
                ProviderAnswer.toIntent(stripe.confirm(confirm.intentId(), payment.confirmKey()));
            case Step.Inspect inspect -> ProviderAnswer.toIntent(stripe.retrieve(inspect.intentId()));
            case Step.Search search -> ProviderAnswer.toSearch(stripe.findByOrder(payment.orderId()));
            case Step.Cancel cancel -> ProviderAnswer.toIntent(stripe.cancel(cancel.intentId()));
            case Step.ReadAfterCancel read -> ProviderAnswer.toIntent(stripe.retrieve(read.intentId()));
        };
        return answer.flatMap(said -> carryOut(payment, ProviderAnswers.next(step, said)));
    }

    private Mono<Void> carryOut(Payment payment, Next next) {
        return switch (next) {
            case Next.Succeed succeed -> outcomes.succeeded(payment, succeed.charged());
            case Next.Fail fail -> outcomes.failed(payment, fail.reason(), fail.why());
            case Next.Park park -> outcomes.needsAttention(payment, park.why());
            case Next.Later later -> later(payment, later.why());
            case Next.Postpone postpone -> postpone(payment, postpone.why());
            case Next.SpendKey spend ->
                payments.change(payment, spend.key() == Key.CREATE ? Payment::createKeySpent : Payment::confirmKeySpent)
                        .then(later(payment, spend.why()));
            case Next.StoreCreated created -> storeCreated(payment, created.intent());
            case Next.Adopt adopt -> adopt(payment, adopt.intent(), adopt.givingUp());
            case Next.Ask ask -> ask(payment, ask.step());
        };
    }

    private Mono<Void> storeCreated(Payment payment, PaymentIntent intent) {
        return ifWritten(
                payments.change(payment, current -> current.intentRecorded(intent.id())),
                stored -> ask(stored.after(), new Step.Confirm(intent.id())),
                // the order was cancelled while the intent was being created: never confirm it
                InTrace.run(() -> log.info(
                        "Payment {} of order {} is no longer pending; intent {} left unconfirmed",
                        payment.id(),
                        payment.orderId(),
                        intent.id())));
    }

    /** The order's one intent at the provider becomes the payment's; then it is settled, or cancelled when giving up. */
    private Mono<Void> adopt(Payment payment, PaymentIntent intent, boolean givingUp) {
        var stored = payment.intentId();
        return ifWritten(
                payments.change(
                        payment,
                        current -> stored == null
                                ? current.intentRecorded(intent.id())
                                : current.intentReplaced(stored, intent.id())),
                adopted -> InTrace.<Void>run(() -> log.warn(
                                "Payment {} of order {} adopts intent {} ({}) found at the provider",
                                payment.id(),
                                payment.orderId(),
                                intent.id(),
                                intent.status()))
                        .then(Mono.defer(() -> carryOut(adopted.after(), ProviderAnswers.adopted(intent, givingUp)))),
                InTrace.run(() -> log.info(
                        "Payment {} of order {} changed meanwhile; intent {} not adopted",
                        payment.id(),
                        payment.orderId(),
                        intent.id())));
    }

    /** Goes on with {@code then} when the change was written, with {@code otherwise} when it did not apply. */
    private static Mono<Void> ifWritten(
            Mono<PaymentRepository.Change> change,
            Function<PaymentRepository.Change, Mono<Void>> then,
            Mono<Void> otherwise) {
        return change.map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .flatMap(written -> written.map(then).orElse(otherwise));
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
            var intentId = payment.intentId();
            return ask(
                    payment, intentId == null ? new Step.Search("giving up", IfNone.FAIL) : new Step.Cancel(intentId));
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
