package dev.shop.payment.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shop.common.events.Money;
import dev.shop.common.events.payment.PaymentFailureReason;
import dev.shop.payment.payment.ProviderAnswers.IfNone;
import dev.shop.payment.payment.ProviderAnswers.Key;
import dev.shop.payment.payment.ProviderAnswers.Next;
import dev.shop.payment.payment.ProviderAnswers.RefundNext;
import dev.shop.payment.payment.ProviderAnswers.Step;
import dev.shop.payment.stripe.PaymentIntent;
import dev.shop.payment.stripe.ProviderAnswer;
import dev.shop.payment.stripe.ProviderAnswer.Rejection;
import dev.shop.payment.stripe.ProviderRefund;
import dev.shop.payment.stripe.ProviderUnavailable.Kind;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What each answer of the provider means, step by step: a pure function, tested without any I/O. */
class ProviderAnswersTest {

    private static final Step CREATE = new Step.Create();
    private static final Step CONFIRM = new Step.Confirm("pi_1");

    private static PaymentIntent intent(String id, String status, @Nullable String lastErrorType) {
        return new PaymentIntent(id, status, 4599, "eur", lastErrorType, null);
    }

    private static ProviderAnswer.Intent intent(String status) {
        return new ProviderAnswer.Intent(intent("pi_1", status, null));
    }

    private static ProviderAnswer.Rejected rejected(Rejection rejection) {
        return new ProviderAnswer.Rejected(rejection, "refused", null);
    }

    private static ProviderAnswer.NoAnswer none(Kind kind) {
        return new ProviderAnswer.NoAnswer(kind, "no answer");
    }

    private static ProviderAnswer.Intents found(String... ids) {
        return new ProviderAnswer.Intents(List.of(ids).stream()
                .map(id -> intent(id, "requires_confirmation", null))
                .toList());
    }

    @Test
    void aCreatedIntentIsStoredBeforeItIsConfirmed() {
        var created = intent("requires_confirmation");

        assertThat(ProviderAnswers.next(CREATE, created)).isEqualTo(new Next.StoreCreated(created.intent()));
    }

    @Test
    void aRefusedCreateFailsThePaymentUnlessTheRefusalIsAboutTheKeyOrTheServicesCredentials() {
        assertThat(ProviderAnswers.next(CREATE, rejected(Rejection.KEY_IN_USE))).isInstanceOf(Next.Later.class);
        assertThat(ProviderAnswers.next(CREATE, rejected(Rejection.CREDENTIALS_REFUSED)))
                .isInstanceOf(Next.Later.class);
        assertThat(ProviderAnswers.next(CREATE, rejected(Rejection.REFUSED)))
                .isEqualTo(new Next.Fail(PaymentFailureReason.PAYMENT_FAILED, "refused"));
        assertThat(ProviderAnswers.next(CREATE, rejected(Rejection.CARD_DECLINED)))
                .isEqualTo(new Next.Fail(PaymentFailureReason.PAYMENT_FAILED, "refused"));
    }

    @Test
    void aCreatesFiveHundredSpendsTheCreateKeyAndAnyOtherSilenceIsTriedAgain() {
        assertThat(ProviderAnswers.next(CREATE, none(Kind.SERVER_ERROR)))
                .isEqualTo(new Next.SpendKey(Key.CREATE, "no answer"));
        assertThat(ProviderAnswers.next(CREATE, none(Kind.TIMEOUT))).isEqualTo(new Next.Later("no answer"));
        assertThat(ProviderAnswers.next(CREATE, none(Kind.BREAKER_OPEN))).isEqualTo(new Next.Later("no answer"));
    }

    @Test
    void theConfirmedIntentsStateSettlesThePayment() {
        assertThat(ProviderAnswers.next(CONFIRM, intent("succeeded")))
                .isEqualTo(new Next.Succeed(new Money(4599, "EUR")));
        assertThat(ProviderAnswers.next(
                        CONFIRM, new ProviderAnswer.Intent(intent("pi_1", "requires_payment_method", "card_error"))))
                .isEqualTo(new Next.Fail(PaymentFailureReason.PAYMENT_DECLINED, "card declined"));
        assertThat(ProviderAnswers.next(CONFIRM, intent("canceled")))
                .isEqualTo(new Next.Fail(PaymentFailureReason.PAYMENT_FAILED, "payment intent canceled"));
        assertThat(ProviderAnswers.next(CONFIRM, intent("processing")))
                .isEqualTo(new Next.Later("payment intent processing"));
        assertThat(ProviderAnswers.next(CONFIRM, intent("requires_confirmation")))
                .as("our confirm may still be running")
                .isEqualTo(new Next.Later("payment intent requires_confirmation"));
    }

    @Test
    void aDeclineFailsThePaymentAndARefusalThatCarriesTheIntentIsSettledByIt() {
        assertThat(ProviderAnswers.next(CONFIRM, rejected(Rejection.CARD_DECLINED)))
                .isEqualTo(new Next.Fail(PaymentFailureReason.PAYMENT_DECLINED, "refused"));
        var alreadySucceeded =
                new ProviderAnswer.Rejected(Rejection.REFUSED, "unexpected state", intent("pi_1", "succeeded", null));
        assertThat(ProviderAnswers.next(CONFIRM, alreadySucceeded)).isEqualTo(new Next.Succeed(new Money(4599, "EUR")));
        assertThat(ProviderAnswers.next(CONFIRM, rejected(Rejection.REFUSED)))
                .isEqualTo(new Next.Fail(PaymentFailureReason.PAYMENT_FAILED, "refused"));
        assertThat(ProviderAnswers.next(CONFIRM, rejected(Rejection.CREDENTIALS_REFUSED)))
                .isEqualTo(new Next.Later("refused"));
    }

    @Test
    void anUnclearAnswerToAConfirmIsNeverAnOutcomeTheIntentIsReadBack() {
        assertThat(ProviderAnswers.next(CONFIRM, rejected(Rejection.KEY_IN_USE)))
                .isEqualTo(new Next.Ask(new Step.Inspect("pi_1", false)));
        assertThat(ProviderAnswers.next(CONFIRM, rejected(Rejection.UNKNOWN_OBJECT)))
                .isEqualTo(new Next.Ask(new Step.Inspect("pi_1", false)));
        assertThat(ProviderAnswers.next(CONFIRM, none(Kind.TIMEOUT)))
                .isEqualTo(new Next.Ask(new Step.Inspect("pi_1", false)));
        assertThat(ProviderAnswers.next(CONFIRM, none(Kind.SERVER_ERROR)))
                .isEqualTo(new Next.Ask(new Step.Inspect("pi_1", true)));
        assertThat(ProviderAnswers.next(CONFIRM, none(Kind.BULKHEAD_FULL)))
                .as("never sent: nothing to read back")
                .isEqualTo(new Next.Later("no answer"));
    }

    @Test
    void anUnconfirmedIntentAfterAConfirmsFiveHundredGetsANewConfirmKey() {
        assertThat(ProviderAnswers.next(new Step.Inspect("pi_1", true), intent("requires_confirmation")))
                .isEqualTo(new Next.SpendKey(Key.CONFIRM, "confirm answered 5xx"));
        assertThat(ProviderAnswers.next(new Step.Inspect("pi_1", false), intent("requires_confirmation")))
                .isInstanceOf(Next.Later.class);
        assertThat(ProviderAnswers.next(new Step.Inspect("pi_1", true), intent("succeeded")))
                .isEqualTo(new Next.Succeed(new Money(4599, "EUR")));
    }

    @Test
    void anIntentTheProviderDoesNotKnowIsSearchedForAndNeverSimplyCreatedAgain() {
        assertThat(ProviderAnswers.next(new Step.Inspect("pi_1", false), rejected(Rejection.UNKNOWN_OBJECT)))
                .isEqualTo(new Next.Ask(new Step.Search("the provider does not know intent pi_1", IfNone.PARK)));
        assertThat(ProviderAnswers.next(new Step.Inspect("pi_1", false), rejected(Rejection.REFUSED)))
                .isInstanceOf(Next.Later.class);
        assertThat(ProviderAnswers.next(new Step.Inspect("pi_1", false), none(Kind.CONNECTION)))
                .isInstanceOf(Next.Later.class);
    }

    @Test
    void aSearchThatFindsNoIntentMeansWhatItsCallerSays() {
        assertThat(ProviderAnswers.next(new Step.Search("why", IfNone.CREATE), found()))
                .isEqualTo(new Next.Ask(new Step.Create()));
        assertThat(ProviderAnswers.next(new Step.Search("why", IfNone.PARK), found()))
                .isEqualTo(new Next.Park("why; no intent of the order found at the provider"));
        assertThat(ProviderAnswers.next(new Step.Search("giving up", IfNone.FAIL), found()))
                .isInstanceOf(Next.Fail.class);
    }

    @Test
    void aSearchAdoptsTheOrdersOneIntentAndLeavesSeveralToAPerson() {
        var one = found("pi_7");

        assertThat(ProviderAnswers.next(new Step.Search("why", IfNone.CREATE), one))
                .isEqualTo(new Next.Adopt(one.intents().getFirst(), false));
        assertThat(ProviderAnswers.next(new Step.Search("giving up", IfNone.FAIL), one))
                .isEqualTo(new Next.Adopt(one.intents().getFirst(), true));
        assertThat(ProviderAnswers.next(new Step.Search("why", IfNone.CREATE), found("pi_7", "pi_8")))
                .isEqualTo(new Next.Park("why; the provider has 2 intents of the order: [pi_7, pi_8]"));
        assertThat(ProviderAnswers.next(new Step.Search("why", IfNone.FAIL), none(Kind.TIMEOUT)))
                .isEqualTo(new Next.Later("search: no answer"));
    }

    @Test
    void anAdoptedIntentIsConfirmedSettledOrWhenGivingUpCancelled() {
        assertThat(ProviderAnswers.adopted(intent("pi_7", "requires_confirmation", null), false))
                .isEqualTo(new Next.Ask(new Step.Confirm("pi_7")));
        assertThat(ProviderAnswers.adopted(intent("pi_7", "succeeded", null), false))
                .isEqualTo(new Next.Succeed(new Money(4599, "EUR")));
        assertThat(ProviderAnswers.adopted(intent("pi_7", "succeeded", null), true))
                .isEqualTo(new Next.Ask(new Step.Cancel("pi_7")));
    }

    @Test
    void givingUpFailsThePaymentOnlyWhenTheProviderSaysTheIntentIsCancelled() {
        var cancel = new Step.Cancel("pi_1");
        var read = new Step.ReadAfterCancel("pi_1");

        assertThat(ProviderAnswers.next(cancel, intent("canceled"))).isEqualTo(new Next.Ask(read));
        assertThat(ProviderAnswers.next(cancel, rejected(Rejection.REFUSED)))
                .as("it succeeded or was cancelled already: the read says which")
                .isEqualTo(new Next.Ask(read));
        assertThat(ProviderAnswers.next(cancel, none(Kind.TIMEOUT)))
                .isEqualTo(new Next.Postpone("giving up: no answer"));
        assertThat(ProviderAnswers.next(read, intent("canceled"))).isInstanceOf(Next.Fail.class);
        assertThat(ProviderAnswers.next(read, intent("succeeded"))).isEqualTo(new Next.Succeed(new Money(4599, "EUR")));
        assertThat(ProviderAnswers.next(read, intent("processing")))
                .isEqualTo(new Next.Postpone("giving up: intent pi_1 is processing"));
        assertThat(ProviderAnswers.next(read, none(Kind.CONNECTION))).isInstanceOf(Next.Postpone.class);
    }

    @ParameterizedTest
    @EnumSource(names = {"CANCEL", "READ"})
    void anIntentUnknownWhileGivingUpIsSearchedForAndNeverTakenAsNothingCharged(GivingUpStep which) {
        Step step = which == GivingUpStep.CANCEL ? new Step.Cancel("pi_1") : new Step.ReadAfterCancel("pi_1");

        assertThat(ProviderAnswers.next(step, rejected(Rejection.UNKNOWN_OBJECT)))
                .isEqualTo(new Next.Ask(
                        new Step.Search("giving up: the provider does not know intent pi_1", IfNone.PARK)));
    }

    enum GivingUpStep {
        CANCEL,
        READ
    }

    @Test
    void aRefundIsDoneWhenTheProviderRefundsOrHasNothingLeftToRefund() {
        assertThat(ProviderAnswers.afterRefund(new ProviderAnswer.Refund(new ProviderRefund("re_1", "succeeded", 1))))
                .isEqualTo(new RefundNext.Refunded("re_1"));
        assertThat(ProviderAnswers.afterRefund(rejected(Rejection.ALREADY_REFUNDED)))
                .isEqualTo(new RefundNext.Refunded(null));
    }

    @Test
    void aRefundStaysOwedWhenTheProviderCannotOrWillNotRefundNow() {
        assertThat(ProviderAnswers.afterRefund(rejected(Rejection.KEY_IN_USE)))
                .isEqualTo(new RefundNext.Later("refused"));
        assertThat(ProviderAnswers.afterRefund(none(Kind.TIMEOUT))).isEqualTo(new RefundNext.Later("no answer"));
        assertThat(ProviderAnswers.afterRefund(none(Kind.SERVER_ERROR)))
                .isEqualTo(new RefundNext.SpendKey("no answer"));
        assertThat(ProviderAnswers.afterRefund(rejected(Rejection.REFUSED)))
                .isEqualTo(new RefundNext.Refused("refused"));
        assertThat(ProviderAnswers.afterRefund(rejected(Rejection.CREDENTIALS_REFUSED)))
                .isEqualTo(new RefundNext.Refused("refused"));
    }

    @Test
    void refusesAnAnswerThatDoesNotBelongToTheRequest() {
        assertThatThrownBy(() -> ProviderAnswers.next(CREATE, found("pi_1")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProviderAnswers.afterRefund(intent("succeeded")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
