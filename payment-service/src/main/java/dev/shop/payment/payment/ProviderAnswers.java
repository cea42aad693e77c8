package dev.shop.payment.payment;

import dev.shop.common.events.Money;
import dev.shop.common.events.payment.PaymentFailureReason;
import dev.shop.payment.stripe.PaymentIntent;
import dev.shop.payment.stripe.ProviderAnswer;
import dev.shop.payment.stripe.ProviderAnswer.Intent;
import dev.shop.payment.stripe.ProviderAnswer.Intents;
import dev.shop.payment.stripe.ProviderAnswer.NoAnswer;
import dev.shop.payment.stripe.ProviderAnswer.Refund;
import dev.shop.payment.stripe.ProviderAnswer.Rejected;
import dev.shop.payment.stripe.ProviderAnswer.Rejection;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What an answer of the provider means for a payment: pure functions from the step that asked and the answer to what
 * comes next. No I/O, no clock: {@link PaymentProcessor} and {@link Refunds} carry the decisions out.
 *
 * <p>The rules, in short: an unclear answer (no answer, a 5xx, a 409) is never taken as an outcome, the intent is read
 * back and its real state decides; a 5xx spends the idempotency key it answered; an intent the provider does not know
 * is searched for by the order's metadata, never simply created again; only the provider's word settles a payment.
 */
final class ProviderAnswers {

    private ProviderAnswers() {}

    /** A request to the provider about a payment, whose answer decides what comes next. */
    sealed interface Step {

        /** Creating the order's PaymentIntent with the payment's create key. */
        record Create() implements Step {}

        /** Confirming the stored intent with the payment's confirm key. */
        record Confirm(String intentId) implements Step {}

        /**
         * Reading the stored intent back after an unclear answer to its confirm.
         *
         * @param confirmKeySpent the confirm answered a 5xx, which the provider keeps as that key's answer
         */
        record Inspect(String intentId, boolean confirmKeySpent) implements Step {}

        /** Searching the provider for the order's intents; {@code ifNone} says what finding none means. */
        record Search(String why, IfNone ifNone) implements Step {}

        /** Cancelling the stored intent, when giving the payment up. */
        record Cancel(String intentId) implements Step {}

        /** Reading the intent back after it was cancelled: what the provider says now settles the payment. */
        record ReadAfterCancel(String intentId) implements Step {}
    }

    /** What a search that finds none of the order's intents means. */
    enum IfNone {
        /** Nothing was created (a create's 5xx came before it took effect): create one. */
        CREATE,
        /** Not conclusive (the intent may live in another account): a person decides. */
        PARK,
        /** Nothing to cancel while giving up: nothing was ever charged, the payment fails. */
        FAIL
    }

    /** An idempotency key of the payment. */
    enum Key {
        CREATE,
        CONFIRM,
        REFUND
    }

    /** What to do next with a payment. */
    sealed interface Next {

        /** The provider charged it: record the success. */
        record Succeed(Money charged) implements Next {}

        /** It failed for good. */
        record Fail(PaymentFailureReason reason, String why) implements Next {}

        /** Nobody can tell whether it was charged: a person decides, nothing is tried again. */
        record Park(String why) implements Next {}

        /** It stays pending and is tried again after a backoff; given up once it has waited too long. */
        record Later(String why) implements Next {}

        /** It stays pending and is tried again after a backoff (it is being given up already). */
        record Postpone(String why) implements Next {}

        /** The provider kept a 5xx as {@code key}'s answer: the next try uses a new key, after a backoff. */
        record SpendKey(Key key, String why) implements Next {}

        /** An intent was created: store it, then confirm it (unless the payment changed meanwhile). */
        record StoreCreated(PaymentIntent intent) implements Next {}

        /**
         * The order's one intent at the provider becomes the payment's: store it, then go on as {@link #adopted}
         * says.
         */
        record Adopt(PaymentIntent intent, boolean givingUp) implements Next {}

        /** Ask the provider. */
        record Ask(Step step) implements Next {}
    }

    /** What a refund should do next. */
    sealed interface RefundNext {

        /** It was given back in full; {@code refundId} is unknown when the provider said so only by refusing. */
        record Refunded(@Nullable String refundId) implements RefundNext {}

        /** It stays owed and is tried again after a backoff. */
        record Later(String why) implements RefundNext {}

        /** The provider kept a 5xx as the refund key's answer: the next try uses a new key, after a backoff. */
        record SpendKey(String why) implements RefundNext {}

        /** Refused for a reason a retry will not change: it stays owed, is retried rarely, and a person looks. */
        record Refused(String why) implements RefundNext {}
    }

    /** What {@code answer} to {@code step} means. */
    static Next next(Step step, ProviderAnswer answer) {
        return switch (step) {
            case Step.Create create -> afterCreate(answer);
            case Step.Confirm confirm -> afterConfirm(confirm, answer);
            case Step.Inspect inspect -> afterInspect(inspect, answer);
            case Step.Search search -> afterSearch(search, answer);
            case Step.Cancel cancel -> afterCancel(cancel, answer);
            case Step.ReadAfterCancel read -> afterReadingCancelled(read, answer);
        };
    }

    /** What to do once {@code intent}, found by a search, is stored as the payment's. */
    static Next adopted(PaymentIntent intent, boolean givingUp) {
        if (givingUp) {
            return new Next.Ask(new Step.Cancel(intent.id()));
        }
        return intent.awaitsConfirmation() ? new Next.Ask(new Step.Confirm(intent.id())) : settledBy(intent, false);
    }

    /** What the answer to a refund means. */
    static RefundNext afterRefund(ProviderAnswer answer) {
        return switch (answer) {
            case Refund refund -> new RefundNext.Refunded(refund.refund().id());
            case Rejected rejected ->
                switch (rejected.rejection()) {
                    // given back already: an earlier attempt under a spent key, or by hand at the provider
                    case ALREADY_REFUNDED -> new RefundNext.Refunded(null);
                    case KEY_IN_USE -> new RefundNext.Later(rejected.message());
                    default -> new RefundNext.Refused(rejected.message());
                };
            // the key now answers this 5xx forever; a second full refund is refused by the provider (nothing left),
            // so a new key cannot give the money back twice
            case NoAnswer none ->
                none.spentTheKey() ? new RefundNext.SpendKey(none.message()) : new RefundNext.Later(none.message());
            case Intent intent -> unexpected(answer);
            case Intents intents -> unexpected(answer);
        };
    }

    private static Next afterCreate(ProviderAnswer answer) {
        return switch (answer) {
            case Intent created -> new Next.StoreCreated(created.intent());
            case Rejected rejected ->
                switch (rejected.rejection()) {
                    // our own earlier create with this key still runs (its answer will be replayed to the next try),
                    // or our credentials are wrong: neither is the order's fault
                    case KEY_IN_USE, CREDENTIALS_REFUSED -> new Next.Later(rejected.message());
                    // the provider refuses to create it (a bad amount, an unknown payment method): that will not change
                    default -> new Next.Fail(PaymentFailureReason.PAYMENT_FAILED, rejected.message());
                };
            // a 5xx: the key now answers it forever; an intent it may have created is searched for before the next
            // create
            case NoAnswer none ->
                none.spentTheKey() ? new Next.SpendKey(Key.CREATE, none.message()) : new Next.Later(none.message());
            case Intents intents -> unexpected(answer);
            case Refund refund -> unexpected(answer);
        };
    }

    private static Next afterConfirm(Step.Confirm confirm, ProviderAnswer answer) {
        return switch (answer) {
            case Intent confirmed -> settledBy(confirmed.intent(), false);
            case Rejected rejected -> afterConfirmRejected(confirm, rejected);
            // unclear: read the intent back. Not sent at all (breaker open, bulkhead full): nothing to read back
            case NoAnswer none ->
                none.isTransient()
                        ? new Next.Ask(new Step.Inspect(confirm.intentId(), none.spentTheKey()))
                        : new Next.Later(none.message());
            case Intents intents -> unexpected(answer);
            case Refund refund -> unexpected(answer);
        };
    }

    private static Next afterConfirmRejected(Step.Confirm confirm, Rejected rejected) {
        if (rejected.rejection() == Rejection.CARD_DECLINED) {
            return new Next.Fail(PaymentFailureReason.PAYMENT_DECLINED, rejected.message());
        }
        var intent = rejected.intent();
        if (intent != null) {
            // e.g. 400 payment_intent_unexpected_state: it succeeded already (another worker, a late answer)
            return settledBy(intent, false);
        }
        return switch (rejected.rejection()) {
            case KEY_IN_USE, UNKNOWN_OBJECT -> new Next.Ask(new Step.Inspect(confirm.intentId(), false));
            case CREDENTIALS_REFUSED -> new Next.Later(rejected.message());
            default -> new Next.Fail(PaymentFailureReason.PAYMENT_FAILED, rejected.message());
        };
    }

    private static Next afterInspect(Step.Inspect inspect, ProviderAnswer answer) {
        return switch (answer) {
            case Intent read -> settledBy(read.intent(), inspect.confirmKeySpent());
            // the provider does not know the intent: its data was lost, or the key is another account's, where the
            // intent may well be charged. Never simply start over
            case Rejected rejected ->
                rejected.rejection() == Rejection.UNKNOWN_OBJECT
                        ? new Next.Ask(
                                new Step.Search("the provider does not know intent " + inspect.intentId(), IfNone.PARK))
                        : new Next.Later(rejected.message());
            case NoAnswer none -> new Next.Later(none.message());
            case Intents intents -> unexpected(answer);
            case Refund refund -> unexpected(answer);
        };
    }

    private static Next afterSearch(Step.Search search, ProviderAnswer answer) {
        return switch (answer) {
            case Intents found -> found(search, found.intents());
            case Rejected rejected -> new Next.Later("search: " + rejected.message());
            case NoAnswer none -> new Next.Later("search: " + none.message());
            case Intent intent -> unexpected(answer);
            case Refund refund -> unexpected(answer);
        };
    }

    private static Next found(Step.Search search, List<PaymentIntent> intents) {
        if (intents.size() == 1) {
            return new Next.Adopt(intents.getFirst(), search.ifNone() == IfNone.FAIL);
        }
        if (intents.size() > 1) {
            return new Next.Park(search.why() + "; the provider has " + intents.size() + " intents of the order: "
                    + intents.stream().map(PaymentIntent::id).toList());
        }
        return switch (search.ifNone()) {
            case CREATE -> new Next.Ask(new Step.Create());
            case PARK -> new Next.Park(search.why() + "; no intent of the order found at the provider");
            case FAIL ->
                new Next.Fail(
                        PaymentFailureReason.PAYMENT_FAILED,
                        "no certain outcome in time, and no intent of the order at the provider");
        };
    }

    private static Next afterCancel(Step.Cancel cancel, ProviderAnswer answer) {
        return switch (answer) {
            // cancelled now, or refused because it succeeded or was cancelled already: the read says which
            case Intent cancelled -> new Next.Ask(new Step.ReadAfterCancel(cancel.intentId()));
            case Rejected rejected ->
                rejected.rejection() == Rejection.UNKNOWN_OBJECT
                        ? unknownWhileGivingUp(cancel.intentId())
                        : new Next.Ask(new Step.ReadAfterCancel(cancel.intentId()));
            case NoAnswer none -> new Next.Postpone("giving up: " + none.message());
            case Intents intents -> unexpected(answer);
            case Refund refund -> unexpected(answer);
        };
    }

    private static Next afterReadingCancelled(Step.ReadAfterCancel read, ProviderAnswer answer) {
        return switch (answer) {
            case Intent now -> {
                var intent = now.intent();
                if (intent.canceled()) {
                    yield new Next.Fail(
                            PaymentFailureReason.PAYMENT_FAILED,
                            "no certain outcome in time; intent " + read.intentId() + " is cancelled");
                }
                yield intent.succeeded()
                        ? new Next.Succeed(intent.charged())
                        : new Next.Postpone("giving up: intent " + read.intentId() + " is " + intent.status());
            }
            case Rejected rejected ->
                rejected.rejection() == Rejection.UNKNOWN_OBJECT
                        ? unknownWhileGivingUp(read.intentId())
                        : new Next.Postpone("giving up: " + rejected.message());
            case NoAnswer none -> new Next.Postpone("giving up: " + none.message());
            case Intents intents -> unexpected(answer);
            case Refund refund -> unexpected(answer);
        };
    }

    /** What the intent's state says: an outcome, a new confirm key, or a look again later. */
    private static Next settledBy(PaymentIntent intent, boolean confirmKeySpent) {
        if (intent.succeeded()) {
            return new Next.Succeed(intent.charged());
        }
        if (intent.declined()) {
            return new Next.Fail(PaymentFailureReason.PAYMENT_DECLINED, "card declined");
        }
        if (intent.canceled()) {
            return new Next.Fail(PaymentFailureReason.PAYMENT_FAILED, "payment intent canceled");
        }
        if (intent.awaitsConfirmation() && confirmKeySpent) {
            // the confirm's 5xx is the key's answer for good, and nothing was charged: confirm again with a new key
            return new Next.SpendKey(Key.CONFIRM, "confirm answered 5xx");
        }
        // not confirmed yet (our confirm may still be running), or processing: look again later
        return new Next.Later("payment intent " + intent.status());
    }

    private static Next unknownWhileGivingUp(String intentId) {
        return new Next.Ask(new Step.Search("giving up: the provider does not know intent " + intentId, IfNone.PARK));
    }

    private static <T> T unexpected(ProviderAnswer answer) {
        throw new IllegalArgumentException("Not an answer to this request: " + answer);
    }
}
