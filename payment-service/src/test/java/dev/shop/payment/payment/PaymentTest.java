package dev.shop.payment.payment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shop.common.events.Money;
import dev.shop.common.events.payment.PaymentFailureReason;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link Payment}'s keys and transitions, without Spring, Kafka or a database. */
class PaymentTest {

    private static Payment payment(UUID order, int createGeneration, int confirmGeneration) {
        return new Payment(
                UUID.randomUUID(),
                order,
                "user",
                new Money(100, "EUR"),
                "pm_card_visa",
                PaymentStatus.PENDING,
                null,
                null,
                createGeneration,
                confirmGeneration,
                0,
                0,
                Instant.EPOCH,
                false,
                false,
                null,
                7);
    }

    private static Payment pending() {
        return payment(UUID.randomUUID(), 0, 0);
    }

    private static Payment withIntent() {
        return pending().intentRecorded("pi_1").orElseThrow();
    }

    private static Payment succeeded() {
        return withIntent().succeeded().orElseThrow();
    }

    @Test
    void derivesTheSameIdempotencyKeysFromTheOrderWhoeverAsks() {
        var order = UUID.fromString("6a1f7c1e-93c9-4e55-8a3c-0f0d5fd0a001");

        assertThat(payment(order, 0, 0).createKey()).isEqualTo("order-6a1f7c1e-93c9-4e55-8a3c-0f0d5fd0a001-create-0");
        assertThat(payment(order, 0, 0).confirmKey()).isEqualTo("order-6a1f7c1e-93c9-4e55-8a3c-0f0d5fd0a001-confirm-0");
        assertThat(payment(order, 0, 0).createKey())
                .as("another payment row of the same order, another instance")
                .isEqualTo(payment(order, 0, 0).createKey());
    }

    @Test
    void usesANewKeyOnlyInANewGeneration() {
        var order = UUID.randomUUID();

        assertThat(payment(order, 1, 0).createKey())
                .isNotEqualTo(payment(order, 0, 0).createKey());
        assertThat(payment(order, 0, 2).confirmKey()).endsWith("-confirm-2");
        assertThat(payment(order, 0, 0).createKey())
                .isNotEqualTo(payment(order, 0, 0).confirmKey());
    }

    @Test
    void spendsAChargesKeysOnlyWhilePendingAndTheRefundsOnlyOnceSucceeded() {
        var pending = pending();

        assertThat(pending.createKeySpent().orElseThrow().createKey()).endsWith("-create-1");
        assertThat(pending.confirmKeySpent().orElseThrow().confirmKey()).endsWith("-confirm-1");
        assertThat(pending.refundKeySpent()).isEmpty();
        assertThat(succeeded().createKeySpent()).isEmpty();
        assertThat(succeeded().refundKeySpent().orElseThrow().refundKey()).endsWith("-refund-1");
    }

    @Test
    void keepsTheFirstIntentItStoresAndStoresNoneOnceNoLongerPending() {
        var stored = withIntent();

        assertThat(stored.intentId()).isEqualTo("pi_1");
        assertThat(stored.intentRecorded("pi_1")).as("the same intent again").contains(stored);
        assertThat(stored.intentRecorded("pi_2")).as("another intent").isEmpty();
        assertThat(pending().orderCancelled().orElseThrow().intentRecorded("pi_1"))
                .as("cancelled before its intent was stored: it must not be confirmed")
                .isEmpty();
    }

    @Test
    void attachesAReportedIntentWhateverTheStateButNeverOverAnother() {
        var cancelled = pending().orderCancelled().orElseThrow();

        assertThat(cancelled.intentAttached("pi_9").orElseThrow().intentId()).isEqualTo("pi_9");
        assertThat(withIntent().intentAttached("pi_9")).isEmpty();
    }

    @Test
    void replacesAnIntentTheProviderDoesNotKnowOnlyWhilePendingAndStillStored() {
        assertThat(withIntent().intentReplaced("pi_1", "pi_2").orElseThrow().intentId())
                .isEqualTo("pi_2");
        assertThat(withIntent().intentReplaced("pi_other", "pi_2")).isEmpty();
        assertThat(succeeded().intentReplaced("pi_1", "pi_2")).isEmpty();
    }

    @Test
    void succeedsFromPendingWithoutARefundOwed() {
        var paid = succeeded();

        assertThat(paid.status()).isEqualTo(PaymentStatus.SUCCEEDED);
        assertThat(paid.owesRefund()).isFalse();
        assertThat(paid.succeeded()).as("a success known already").isEmpty();
    }

    @Test
    void aSuccessAfterTheOrderWasCancelledOrThePaymentGivenUpOwesARefund() {
        var cancelledWithIntent = withIntent().orderCancelled().orElseThrow();
        var cancelledBeforeIntent =
                pending().orderCancelled().orElseThrow().intentAttached("pi_1").orElseThrow();
        var failed = withIntent().failed(PaymentFailureReason.PAYMENT_FAILED).orElseThrow();
        var parked = withIntent().parked().orElseThrow();

        assertThat(cancelledWithIntent.status())
                .as("its intent runs to its outcome")
                .isEqualTo(PaymentStatus.PENDING);
        assertThat(cancelledWithIntent.succeeded().orElseThrow().owesRefund()).isTrue();
        assertThat(cancelledBeforeIntent.succeeded().orElseThrow().owesRefund()).isTrue();
        assertThat(failed.succeeded().orElseThrow())
                .satisfies(late -> assertThat(late.owesRefund()).isTrue())
                .satisfies(late -> assertThat(late.failureReason()).isNull());
        assertThat(parked.succeeded().orElseThrow().owesRefund())
                .as("a person's case that turns out charged, its order not cancelled")
                .isFalse();
    }

    @Test
    void cancelsAPendingPaymentWithoutAnIntentAndOwesARefundForASucceededOne() {
        var cancelled = pending().orderCancelled().orElseThrow();
        var owed = succeeded().orderCancelled().orElseThrow();

        assertThat(cancelled.status()).isEqualTo(PaymentStatus.CANCELLED);
        assertThat(cancelled.completesFrom(pending())).isTrue();
        assertThat(owed.status()).isEqualTo(PaymentStatus.SUCCEEDED);
        assertThat(owed.owesRefund()).isTrue();
        assertThat(owed.orderCancelled()).as("the same cancellation again").isEmpty();
        var failed = withIntent().failed(PaymentFailureReason.PAYMENT_DECLINED).orElseThrow();
        assertThat(failed.orderCancelled().orElseThrow())
                .satisfies(after -> assertThat(after.status()).isEqualTo(PaymentStatus.FAILED))
                .satisfies(after -> assertThat(after.owesRefund()).isFalse());
    }

    @ParameterizedTest
    @EnumSource(
            value = PaymentStatus.class,
            names = {"SUCCEEDED", "FAILED", "CANCELLED", "REFUNDED", "NEEDS_ATTENTION"})
    void failsAndParksOnlyAPendingPayment(PaymentStatus status) {
        var settled = inState(status);

        assertThat(settled.failed(PaymentFailureReason.PAYMENT_FAILED)).isEmpty();
        assertThat(settled.parked()).isEmpty();
    }

    @Test
    void refundsASucceededPaymentOnceAndLearnsTheRefundsIdLater() {
        var asked = succeeded().refundAsked().orElseThrow();
        assertThat(asked.owesRefund()).isTrue();
        assertThat(asked.refundAsked()).as("owed already").isEmpty();
        assertThat(withIntent().refundAsked()).as("not charged").isEmpty();

        var byWebhook = asked.refunded(null).orElseThrow();
        assertThat(byWebhook.status()).isEqualTo(PaymentStatus.REFUNDED);
        assertThat(byWebhook.owesRefund()).isFalse();
        assertThat(byWebhook.refunded("re_1"))
                .as("only one of answer and webhook moves it")
                .isEmpty();
        assertThat(byWebhook.refundIdLearned("re_1").orElseThrow().refundId()).isEqualTo("re_1");
        assertThat(asked.refunded("re_1").orElseThrow().refundIdLearned("re_2"))
                .as("its id known already")
                .isEmpty();
    }

    @Test
    void aTransitionNeverChangesTheVersionItWasDecidedOn() {
        assertThat(succeeded().version()).isEqualTo(7);
    }

    private static Payment inState(PaymentStatus status) {
        return switch (status) {
            case PENDING -> withIntent();
            case SUCCEEDED -> succeeded();
            case FAILED ->
                withIntent().failed(PaymentFailureReason.PAYMENT_FAILED).orElseThrow();
            case CANCELLED -> pending().orderCancelled().orElseThrow();
            case REFUNDED -> succeeded().refunded("re_1").orElseThrow();
            case NEEDS_ATTENTION -> withIntent().parked().orElseThrow();
        };
    }
}
