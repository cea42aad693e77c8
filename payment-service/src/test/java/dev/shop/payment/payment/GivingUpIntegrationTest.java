package dev.shop.payment.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.shop.common.events.Topics;
import dev.shop.common.test.EventLog;
import dev.shop.localstack.stripe.FaultPlan;
import dev.shop.payment.IntegrationTestSupport;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Payments without a certain outcome in time, and payments whose intent the provider does not know: nobody is charged
 * for nothing, and nobody is charged twice. An hour ({@code give-up-after}) is not waited for: the test moves a
 * payment's creation an hour and a half into the past.
 */
class GivingUpIntegrationTest extends IntegrationTestSupport {

    @Autowired
    MeterRegistry meters;

    @Autowired
    PaymentsNeedingAttention needingAttention;

    @Test
    void givesUpByCancellingTheIntentAndFailsOnlyOnceTheProviderSaysItIsCancelled() {
        // the intent is made, but no confirm reaches the provider: the payment stays pending with its intent
        simulator().inject(FaultPlan.outage().only("confirm"));
        var order = requestPayment(4100, "pm_card_visa");
        await().atMost(OUTCOME_TIMEOUT).until(() -> intentOf(order) != null);

        // past give-up-after, with the provider down altogether: its intent cannot be cancelled, so it stays pending
        simulator().inject(FaultPlan.outage());
        createdLongAgo(order);
        await().during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(10))
                .until(() -> "PENDING".equals(status(order)) && outcomes(order).isEmpty());

        // the provider back: the intent is cancelled, read back as cancelled, and only then the payment fails
        simulator().clearFaults();
        var events = awaitOutcome(order);
        assertThat(events)
                .singleElement()
                .satisfies(event -> assertThat(event.json()).contains("\"reason\":\"PAYMENT_FAILED\""));
        assertThat(simulator().intents(order).values()).singleElement().isEqualTo("canceled");
        assertThat(succeededCharges(order)).isEmpty();
    }

    @Test
    void aChargeUnderWayWhenGivingUpIsTheOutcomeNeverAFailureWithACharge() {
        // webhooks held, so that only the service's own calls tell it what happened
        simulator().webhooks().hold();
        // the confirm takes 3 s at the provider; the service stops waiting after 1 s and keeps the payment pending
        var confirms = simulator().requestCounts().getOrDefault("confirm", 0L);
        simulator()
                .inject(FaultPlan.latencyOf(Duration.ofSeconds(3))
                        .only("confirm")
                        .times(1));
        var order = requestPayment(4200, "pm_card_visa");
        await().atMost(OUTCOME_TIMEOUT)
                .pollInterval(Duration.ofMillis(10))
                .until(() -> simulator().requestCounts().getOrDefault("confirm", 0L) > confirms);

        // given up while the charge is under way: whichever the provider does first, the charge or the cancel, the
        // outcome is what it did
        createdLongAgo(order);
        var events = awaitOutcome(order);
        simulator().webhooks().release();
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(5))
                .until(() -> outcomes(order).size() == 1);

        var outcome = events.getFirst().type();
        if (outcome.endsWith(".PaymentSucceeded")) {
            assertThat(succeededCharges(order)).hasSize(1);
            assertThat(status(order)).isEqualTo("SUCCEEDED");
        } else {
            assertThat(outcome).endsWith(".PaymentFailed");
            assertThat(succeededCharges(order)).isEmpty();
            assertThat(simulator().intents(order).values()).singleElement().isEqualTo("canceled");
        }
    }

    @Test
    void refundsAChargeThatSucceedsForAPaymentAlreadyFailed() throws Exception {
        var order = requestPayment(4300, "pm_card_chargeDeclined");
        assertThat(awaitOutcome(order))
                .singleElement()
                .satisfies(event -> assertThat(event.json()).contains("\"reason\":\"PAYMENT_DECLINED\""));
        double lateBefore = lateSuccesses();

        // someone confirms the declined intent again at the provider, with a card that works; its webhook comes
        confirmAtTheProvider(intentOf(order), "pm_card_visa");

        await().atMost(OUTCOME_TIMEOUT).until(() -> "REFUNDED".equals(status(order)));
        await().atMost(OUTCOME_TIMEOUT).until(() -> outcomes(order).size() == 3);
        assertThat(outcomes(order))
                .extracting(EventLog.Received::type)
                .containsExactly(
                        "dev.shop.payment.PaymentFailed",
                        "dev.shop.payment.PaymentSucceeded",
                        "dev.shop.payment.PaymentRefunded");
        assertThat(succeededCharges(order))
                .singleElement()
                .satisfies(charge -> assertThat(charge.amountRefunded()).isEqualTo(4300));
        assertThat(lateSuccesses() - lateBefore).isEqualTo(1.0);
    }

    @Test
    void adoptsTheOrdersOneIntentFoundByItsMetadataWhenTheStoredOneIsUnknownToTheProvider() {
        simulator().inject(FaultPlan.outage().only("confirm"));
        var order = requestPayment(4400, "pm_card_visa");
        await().atMost(OUTCOME_TIMEOUT).until(() -> intentOf(order) != null);
        String real = intentOf(order);
        quiet();
        var searches = simulator().requestCounts().getOrDefault("search", 0L);

        // the stored intent is one the provider has never heard of (its data lost, say)
        storeIntent(order, "pi_unknownToTheProvider" + random());
        simulator().clearFaults();

        var events = awaitOutcome(order);
        assertThat(events)
                .singleElement()
                .satisfies(event -> assertThat(event.type()).isEqualTo("dev.shop.payment.PaymentSucceeded"));
        assertThat(simulator().requestCounts().getOrDefault("search", 0L)).isGreaterThan(searches);
        assertThat(intentOf(order)).isEqualTo(real);
        assertThat(simulator().intents(order).values()).singleElement().isEqualTo("succeeded");
        assertThat(succeededCharges(order)).hasSize(1);
    }

    @Test
    void parksAPaymentWhoseIntentIsUnknownToTheProviderWhenTheOrderHasNoneThere() {
        // nothing reaches the provider: the payment has no intent
        var order = requestPayment(4500, "pm_card_visa");
        simulator().inject(FaultPlan.outage());
        quiet();
        await().atMost(OUTCOME_TIMEOUT).until(() -> payments(order) == 1);

        // an intent made with another account's key, say: unknown here, and no intent of the order here either
        storeIntent(order, "pi_ofAnotherAccount" + random());
        simulator().clearFaults();

        await().atMost(OUTCOME_TIMEOUT).until(() -> "NEEDS_ATTENTION".equals(status(order)));
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(5))
                .until(() -> outcomes(order).isEmpty());
        assertThat(simulator().intents(order)).as("never created anew").isEmpty();
        assertThat(simulator().charges(order)).isEmpty();
        assertThat(needingAttention.refresh().block(Duration.ofSeconds(5))).isPositive();
        assertThat(meters.get("shop.payment.needs.attention").gauge().value()).isPositive();
    }

    /** No attempt of a payment is under way: the breaker opened on the faults, so attempts end at once. */
    private void quiet() {
        var breaker = breakers.circuitBreaker("stripe");
        simulator().inject(FaultPlan.outage());
        for (int i = 0; i < 10 && breaker.getState() != CircuitBreaker.State.OPEN; i++) {
            requestPayment(100, "pm_card_visa"); // traffic for the breaker to count
        }
        await().atMost(OUTCOME_TIMEOUT).until(() -> breaker.getState() == CircuitBreaker.State.OPEN);
    }

    private List<EventLog.Received> outcomes(UUID order) {
        return EventLog.get().byKey(Topics.PAYMENTS, order);
    }

    private double lateSuccesses() {
        return meters.counter("shop.payment.late.successes").count();
    }

    private @Nullable String intentOf(UUID order) {
        return database.sql("select provider_intent_id from payment where order_id = :orderId")
                .bind("orderId", order)
                .map(row -> java.util.Optional.ofNullable(row.get("provider_intent_id", String.class)))
                .one()
                // no row yet: the request is still on its way
                .defaultIfEmpty(java.util.Optional.empty())
                .block(Duration.ofSeconds(5))
                .orElse(null);
    }

    private void storeIntent(UUID order, String intentId) {
        database.sql("update payment set provider_intent_id = :intentId where order_id = :orderId")
                .bind("intentId", intentId)
                .bind("orderId", order)
                .then()
                .block(Duration.ofSeconds(5));
    }

    /** Makes the payment an hour and a half old: past give-up-after (an hour). */
    private void createdLongAgo(UUID order) {
        database.sql("update payment set created_at = now() - interval '90 minutes' where order_id = :orderId")
                .bind("orderId", order)
                .then()
                .block(Duration.ofSeconds(5));
    }

    private static String random() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private static void confirmAtTheProvider(String intentId, String paymentMethod) throws Exception {
        var response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(
                                        simulator().baseUrl() + "/v1/payment_intents/" + intentId + "/confirm"))
                                .header("Authorization", "Bearer " + simulator().secretKey())
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString("payment_method=" + paymentMethod))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }
}
