package dev.shop.payment.payment;

import dev.shop.common.events.Money;
import dev.shop.common.events.payment.PaymentFailureReason;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One order's payment: an immutable value whose named transitions return the payment as it is after the change, or
 * nothing when the change does not apply in its state. {@link PaymentRepository#change} writes a transition's result
 * only if the stored payment is still at this one's {@link #version}.
 *
 * <pre>
 * PENDING ──succeeded──▶ SUCCEEDED ──refunded──▶ REFUNDED
 *    │ ╲──failed──▶ FAILED ──succeeded (late: a refund is owed)──▶ SUCCEEDED
 *    │  ╲─orderCancelled, no intent yet──▶ CANCELLED ──succeeded (late: a refund is owed)──▶ SUCCEEDED
 *    ╰──parked──▶ NEEDS_ATTENTION ──succeeded──▶ SUCCEEDED
 * </pre>
 *
 * @param intentId the provider's PaymentIntent, once created
 * @param createKeyGeneration which idempotency key creating the intent uses now (see {@link #createKey()})
 * @param confirmKeyGeneration which idempotency key confirming it uses now
 * @param refundKeyGeneration which idempotency key the refund uses now
 * @param attempts how many times a worker took it up (scheduling: not part of the version)
 * @param cancelRequested its order was cancelled
 * @param refundRequested a full refund is owed (with {@code SUCCEEDED}); retried until it is done
 * @param refundId the provider's refund, once known
 * @param version how many changes the stored payment has seen
 */
record Payment(
        UUID id,
        UUID orderId,
        String userId,
        Money amount,
        String paymentMethod,
        PaymentStatus status,
        @Nullable PaymentFailureReason failureReason,
        @Nullable String intentId,
        int createKeyGeneration,
        int confirmKeyGeneration,
        int refundKeyGeneration,
        int attempts,
        Instant createdAt,
        boolean cancelRequested,
        boolean refundRequested,
        @Nullable String refundId,
        long version) {

    /** Where a late success may still come from: the provider's word that money was taken counts in each of these. */
    private static final EnumSet<PaymentStatus> MAY_SUCCEED = EnumSet.of(
            PaymentStatus.PENDING, PaymentStatus.NEEDS_ATTENTION, PaymentStatus.FAILED, PaymentStatus.CANCELLED);

    private static final EnumSet<PaymentStatus> SETTLED =
            EnumSet.of(PaymentStatus.SUCCEEDED, PaymentStatus.FAILED, PaymentStatus.CANCELLED);

    /**
     * The idempotency key for creating the order's PaymentIntent: derived from the order, so every instance and every
     * restart asks the same; a new generation only once the provider has kept a 5xx as this key's answer.
     */
    String createKey() {
        return "order-" + orderId + "-create-" + createKeyGeneration;
    }

    String confirmKey() {
        return "order-" + orderId + "-confirm-" + confirmKeyGeneration;
    }

    /** The refund's key: one refund per payment, a new generation only after the provider kept a 5xx for it. */
    String refundKey() {
        return "payment-" + id + "-refund-" + refundKeyGeneration;
    }

    /**
     * This state settles the payment anew, coming from {@code before}: it became {@code SUCCEEDED}, {@code FAILED} or
     * {@code CANCELLED} (its completion time is the database's, at the write).
     */
    boolean completesFrom(Payment before) {
        return status != before.status && SETTLED.contains(status);
    }

    /** A refund is owed now: the payment succeeded and must be given back. */
    boolean owesRefund() {
        return status == PaymentStatus.SUCCEEDED && refundRequested;
    }

    /**
     * The PaymentIntent created for it, stored before it is confirmed, so a restart confirms that one and no other.
     * Nothing when the payment is no longer pending (its order was cancelled meanwhile) or has another intent: then
     * the intent must not be confirmed.
     */
    Optional<Payment> intentRecorded(String intent) {
        if (status != PaymentStatus.PENDING || (intentId != null && !intentId.equals(intent))) {
            return Optional.empty();
        }
        return Optional.of(withIntent(intent, version));
    }

    /**
     * The provider reports one of the order's intents for a payment that has none stored, whatever its state (a
     * success to act on, an intent to cancel). Nothing when the payment has an intent already.
     */
    Optional<Payment> intentAttached(String intent) {
        return intentId == null ? Optional.of(withIntent(intent, version)) : Optional.empty();
    }

    /**
     * The provider does not know the stored intent, but a search found the order's one intent under another id: that
     * one is the payment's from now on. Nothing when it is no longer pending or has another intent.
     */
    Optional<Payment> intentReplaced(String unknown, String found) {
        if (status != PaymentStatus.PENDING || !unknown.equals(intentId)) {
            return Optional.empty();
        }
        return Optional.of(withIntent(found, version));
    }

    /** The provider kept a 5xx as the create key's answer: the next create uses a new key. */
    Optional<Payment> createKeySpent() {
        return status != PaymentStatus.PENDING
                ? Optional.empty()
                : Optional.of(withKeys(createKeyGeneration + 1, confirmKeyGeneration, refundKeyGeneration));
    }

    /** The provider kept a 5xx as the confirm key's answer and the intent is still unconfirmed: use a new key. */
    Optional<Payment> confirmKeySpent() {
        return status != PaymentStatus.PENDING
                ? Optional.empty()
                : Optional.of(withKeys(createKeyGeneration, confirmKeyGeneration + 1, refundKeyGeneration));
    }

    /** The provider kept a 5xx as the refund key's answer: the next refund request uses a new key. */
    Optional<Payment> refundKeySpent() {
        return status != PaymentStatus.SUCCEEDED
                ? Optional.empty()
                : Optional.of(withKeys(createKeyGeneration, confirmKeyGeneration, refundKeyGeneration + 1));
    }

    /**
     * The provider charged it. Recorded from every state but {@code SUCCEEDED} and {@code REFUNDED}: a success is the
     * provider's word that money was taken. A refund is owed at once when its order was cancelled or when it had been
     * given up as failed or cancelled: the customer must not keep paying for an order that will not be fulfilled.
     */
    Optional<Payment> succeeded() {
        if (!MAY_SUCCEED.contains(status)) {
            return Optional.empty();
        }
        var owed = cancelRequested || status == PaymentStatus.FAILED || status == PaymentStatus.CANCELLED;
        return Optional.of(to(PaymentStatus.SUCCEEDED, null, cancelRequested, owed, refundId));
    }

    /** A pending payment failed for good. */
    Optional<Payment> failed(PaymentFailureReason reason) {
        return status != PaymentStatus.PENDING
                ? Optional.empty()
                : Optional.of(to(PaymentStatus.FAILED, reason, cancelRequested, false, refundId));
    }

    /** A pending payment the service cannot settle by itself waits for a person. */
    Optional<Payment> parked() {
        return status != PaymentStatus.PENDING
                ? Optional.empty()
                : Optional.of(to(PaymentStatus.NEEDS_ATTENTION, null, cancelRequested, refundRequested, refundId));
    }

    /**
     * Its order was cancelled. Pending without a PaymentIntent: {@code CANCELLED}, nothing was charged and nothing will
     * be (a worker creating the intent right now finds it no longer pending and does not confirm). Pending with an
     * intent: it runs to its outcome, and a success is then refunded. Succeeded: a refund is owed now. Nothing when its
     * cancellation is known already.
     */
    Optional<Payment> orderCancelled() {
        if (cancelRequested) {
            return Optional.empty();
        }
        if (status == PaymentStatus.PENDING && intentId == null) {
            return Optional.of(to(PaymentStatus.CANCELLED, null, true, false, refundId));
        }
        var owed = refundRequested || status == PaymentStatus.SUCCEEDED;
        return Optional.of(to(status, failureReason, true, owed, refundId));
    }

    /** An admin asks for a full refund of a succeeded payment. Nothing when it has not succeeded or is owed already. */
    Optional<Payment> refundAsked() {
        return status != PaymentStatus.SUCCEEDED || refundRequested
                ? Optional.empty()
                : Optional.of(to(status, null, cancelRequested, true, refundId));
    }

    /**
     * It was given back in full ({@code refundId} unknown when the provider's webhook tells first). Only from
     * {@code SUCCEEDED}, so whichever of the refund's answer and the webhook comes first moves it, once.
     */
    Optional<Payment> refunded(@Nullable String refund) {
        return status != PaymentStatus.SUCCEEDED
                ? Optional.empty()
                : Optional.of(to(PaymentStatus.REFUNDED, null, cancelRequested, false, refund));
    }

    /** The refund's id, for a payment marked refunded without it (by the webhook). */
    Optional<Payment> refundIdLearned(String refund) {
        return status != PaymentStatus.REFUNDED || refundId != null
                ? Optional.empty()
                : Optional.of(to(status, null, cancelRequested, false, refund));
    }

    /** This payment as stored after one more change was written. */
    Payment nextVersion() {
        return withIntent(intentId, version + 1);
    }

    private Payment withIntent(@Nullable String intent, long atVersion) {
        return copy(
                status,
                failureReason,
                intent,
                createKeyGeneration,
                confirmKeyGeneration,
                refundKeyGeneration,
                cancelRequested,
                refundRequested,
                refundId,
                atVersion);
    }

    private Payment withKeys(int create, int confirm, int refund) {
        return copy(
                status,
                failureReason,
                intentId,
                create,
                confirm,
                refund,
                cancelRequested,
                refundRequested,
                refundId,
                version);
    }

    private Payment to(
            PaymentStatus next,
            @Nullable PaymentFailureReason reason,
            boolean cancelled,
            boolean refundOwed,
            @Nullable String refund) {
        return copy(
                next,
                reason,
                intentId,
                createKeyGeneration,
                confirmKeyGeneration,
                refundKeyGeneration,
                cancelled,
                refundOwed,
                refund,
                version);
    }

    // the fields a change may move; the order's, the customer's and the creation's stay
    private Payment copy(
            PaymentStatus next,
            @Nullable PaymentFailureReason reason,
            @Nullable String intent,
            int create,
            int confirm,
            int refund,
            boolean cancelled,
            boolean refundOwed,
            @Nullable String refundOf,
            long atVersion) {
        return new Payment(
                id,
                orderId,
                userId,
                amount,
                paymentMethod,
                next,
                reason,
                intent,
                create,
                confirm,
                refund,
                attempts,
                createdAt,
                cancelled,
                refundOwed,
                refundOf,
                atVersion);
    }
}
