package dev.shop.payment.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.shop.common.events.Topics;
import dev.shop.common.test.EventLog;
import dev.shop.localstack.stripe.FaultPlan;
import dev.shop.payment.IntegrationTestSupport;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The provider misbehaves once, in each way it can: the payment still ends right and the card is charged once.
 * (The service's time limiter is 1 s here.)
 */
class ProviderFaultsIntegrationTest extends IntegrationTestSupport {

    @Autowired
    MeterRegistry meters;

    @Test
    void chargesOnceWhenTheConfirmTimesOutAndItsRetryFindsTheKeyStillInUse() {
        var rejectedBefore = confirms("rejected");
        var timeoutsBefore = confirms("timeout");
        // the first confirm takes 2.5 s at the provider: the service gives up after 1 s, retries with the same key and
        // gets 409 while the first one still runs, then retrieves the intent; the charge happens once, at 2.5 s
        var order = requestPayment(
                3100,
                "pm_card_visa",
                FaultPlan.latencyOf(Duration.ofMillis(2500)).only("confirm").times(1));
        var events = awaitOutcome(order);

        assertThat(events)
                .singleElement()
                .satisfies(event -> assertThat(event.type()).isEqualTo("dev.shop.payment.PaymentSucceeded"));
        assertThat(succeededCharges(order)).hasSize(1);
        assertThat(confirms("timeout") - timeoutsBefore)
                .as("a confirm timed out")
                .isPositive();
        assertThat(confirms("rejected") - rejectedBefore)
                .as("the provider answered 409 to a confirm while the first still ran")
                .isPositive();
    }

    @Test
    void createsOneIntentWhenTheCreateTimesOut() {
        var order = requestPayment(
                3200,
                "pm_card_visa",
                FaultPlan.latencyOf(Duration.ofMillis(2500)).only("create").times(1));
        var events = awaitOutcome(order);

        assertThat(events)
                .singleElement()
                .satisfies(event -> assertThat(event.type()).isEqualTo("dev.shop.payment.PaymentSucceeded"));
        assertThat(simulator().charges(order)).hasSize(1);
    }

    @Test
    void chargesOnceWhenTheConnectionIsResetAfterTheCharge() {
        var order = requestPayment(
                3300, "pm_card_visa", FaultPlan.resets().only("confirm").times(1));
        var events = awaitOutcome(order);

        assertThat(events)
                .singleElement()
                .satisfies(event -> assertThat(event.type()).isEqualTo("dev.shop.payment.PaymentSucceeded"));
        assertThat(succeededCharges(order)).hasSize(1);
    }

    @Test
    void confirmsWithANewKeyWhenA500BeforeTheChargeIsWhatTheKeyAnswers() {
        // the provider keeps the 500 for the key: every retry with it gets the 500 again, and nothing was charged
        var order = requestPayment(
                3400, "pm_card_visa", FaultPlan.errors(500).only("confirm").times(1));
        var events = awaitOutcome(order);

        assertThat(events)
                .singleElement()
                .satisfies(event -> assertThat(event.type()).isEqualTo("dev.shop.payment.PaymentSucceeded"));
        assertThat(succeededCharges(order)).hasSize(1);
        assertThat(confirmKeyGeneration(order)).as("the spent key was replaced").isEqualTo(1);
    }

    @Test
    void doesNotChargeAgainWhenA500CameAfterTheCharge() {
        var order = requestPayment(
                3500,
                "pm_card_visa",
                FaultPlan.errors(500).afterProcessing().only("confirm").times(1));
        var events = awaitOutcome(order);

        assertThat(events)
                .singleElement()
                .satisfies(event -> assertThat(event.type()).isEqualTo("dev.shop.payment.PaymentSucceeded"));
        assertThat(succeededCharges(order)).hasSize(1);
        assertThat(confirmKeyGeneration(order))
                .as("the intent had succeeded: no new key")
                .isZero();
    }

    @Test
    void adoptsTheIntentThatACreateAnswering500MadeInsteadOfCreatingAnother() {
        var order = requestPayment(
                3600,
                "pm_card_visa",
                FaultPlan.errors(500).afterProcessing().only("create").times(1));
        var events = awaitOutcome(order);

        assertThat(events)
                .singleElement()
                .satisfies(event -> assertThat(event.type()).isEqualTo("dev.shop.payment.PaymentSucceeded"));
        // the 500 came after the intent was made: found by its metadata before a second one would be created
        assertThat(simulator().intents(order).values()).singleElement().isEqualTo("succeeded");
        assertThat(succeededCharges(order)).hasSize(1);
    }

    @Test
    void reportsADeclineThatCameBackAsA500AsDeclined() {
        var order = requestPayment(
                3700,
                "pm_card_chargeDeclined",
                FaultPlan.errors(502).afterProcessing().only("confirm").times(1));
        var events = awaitOutcome(order);

        assertThat(events)
                .singleElement()
                .satisfies(event -> assertThat(event.json()).contains("\"reason\":\"PAYMENT_DECLINED\""));
        assertThat(succeededCharges(order)).isEmpty();
    }

    @Test
    void keepsThePaymentPendingWhileTheBreakerIsOpenAndChargesItOnceItCloses() {
        var breaker = breakers.circuitBreaker("stripe");
        var notSentBefore = notSent();
        breaker.transitionToForcedOpenState();

        var order = requestPayment(3800, "pm_card_visa");
        // tried again and again meanwhile, and refused by the breaker each time
        await().atMost(Duration.ofSeconds(10)).until(() -> notSent() >= notSentBefore + 3);
        var statusWhileOpen = status(order);
        var eventsWhileOpen = EventLog.get().byKey(Topics.PAYMENTS, order);
        breaker.transitionToClosedState();
        var events = awaitOutcome(order);

        assertThat(statusWhileOpen).isEqualTo("PENDING");
        assertThat(eventsWhileOpen).isEmpty();
        assertThat(events)
                .singleElement()
                .satisfies(event -> assertThat(event.type()).isEqualTo("dev.shop.payment.PaymentSucceeded"));
        assertThat(succeededCharges(order)).hasSize(1);
    }

    private double notSent() {
        return meters.find("shop.payment.provider.not.sent").tag("reason", "breaker_open").counters().stream()
                .mapToDouble(counter -> counter.count())
                .sum();
    }

    private double confirms(String outcome) {
        var timer = meters.find("shop.payment.provider.requests")
                .tag("operation", "confirm")
                .tag("outcome", outcome)
                .timer();
        return timer == null ? 0 : timer.count();
    }

    private int confirmKeyGeneration(java.util.UUID order) {
        var generation = database.sql("select confirm_key_generation from payment where order_id = :orderId")
                .bind("orderId", order)
                .map(row -> row.get("confirm_key_generation", Integer.class))
                .one()
                .block(Duration.ofSeconds(5));
        return generation == null ? -1 : generation;
    }
}
