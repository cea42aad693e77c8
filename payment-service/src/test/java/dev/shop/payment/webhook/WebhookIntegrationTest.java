package dev.shop.payment.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.shop.common.events.Topics;
import dev.shop.common.problem.ProblemAssertions;
import dev.shop.common.test.EventLog;
import dev.shop.localstack.stripe.FaultPlan;
import dev.shop.localstack.stripe.WebhookDelivery;
import dev.shop.localstack.stripe.WebhookSignature;
import dev.shop.localstack.stripe.Webhooks;
import dev.shop.payment.IntegrationTestSupport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

class WebhookIntegrationTest extends IntegrationTestSupport {

    private static final String PATH = "/api/payments/webhook";

    @Autowired
    WebhookEventCleanup cleanup;

    @Test
    void refusesEveryBadWebhookWith400AndChangesNothing() {
        // given: a payment that stays pending (the provider is unreachable for the service)
        var order = requestPayment(3100, "pm_card_visa", FaultPlan.outage());
        await().atMost(OUTCOME_TIMEOUT).until(() -> payments(order) == 1);
        var now = Instant.now().getEpochSecond();
        var eventId = "evt_bad_" + UUID.randomUUID();
        var payload = succeededEvent(eventId, order, 3100);
        var signed = sign(Webhooks.DEFAULT_SECRET, now, payload);

        // when / then
        badRequest(null, payload); // unsigned
        badRequest("", payload);
        badRequest("garbage", payload);
        badRequest("t=" + now, payload); // no v1
        badRequest("v1=" + WebhookSignature.v1(Webhooks.DEFAULT_SECRET, now, payload), payload); // no t
        badRequest(sign("whsec_forged", now, payload), payload); // forged: another secret
        badRequest(signed, tamper(payload)); // tampered: the amount changed after signing
        // stale: just past the tolerance; from the future (a margin: the server's clock reads later). Each signed
        // with the clock read just before it is sent, however long the requests before it took
        badRequest(sign(Webhooks.DEFAULT_SECRET, Instant.now().getEpochSecond() - 301, payload), payload);
        badRequest(sign(Webhooks.DEFAULT_SECRET, Instant.now().getEpochSecond() + 330, payload), payload);
        badRequest("t=" + now + ",v1=" + "0".repeat(64), payload);
        var notJson = "not json".getBytes(StandardCharsets.UTF_8);
        badRequest(sign(Webhooks.DEFAULT_SECRET, now, notJson), notJson);
        var notAnEvent = "{\"hello\":1}".getBytes(StandardCharsets.UTF_8);
        badRequest(sign(Webhooks.DEFAULT_SECRET, now, notAnEvent), notAnEvent);

        assertThat(status(order)).isEqualTo("PENDING");
        assertThat(webhookEvent(eventId)).isZero();
        assertThat(EventLog.get().byKey(Topics.PAYMENTS, order)).isEmpty();

        // and the same event, signed as the provider signs (one of two v1 values, as during a secret roll), is taken
        post(
                        "t=" + now + ",v1=" + "ab".repeat(32) + ",v1="
                                + WebhookSignature.v1(Webhooks.DEFAULT_SECRET, now, payload),
                        payload)
                .expectStatus()
                .isOk();
        assertThat(events(awaitFirst(order), "PaymentSucceeded")).hasSize(1);
        assertThat(status(order)).isEqualTo("SUCCEEDED");
    }

    @Test
    void acknowledgesAndIgnoresEventTypesItDoesNotUse() {
        var payload = ("{\"id\":\"evt_" + UUID.randomUUID() + "\",\"object\":\"event\",\"type\":\"customer.created\","
                        + "\"data\":{\"object\":{\"id\":\"cus_1\"}}}")
                .getBytes(StandardCharsets.UTF_8);

        post(sign(Webhooks.DEFAULT_SECRET, Instant.now().getEpochSecond(), payload), payload)
                .expectStatus()
                .isOk();
    }

    @Test
    void aDuplicateWebhookHasNoSecondEffect() {
        // given: a payment that succeeded, and the provider's webhook about it
        simulator().webhooks().hold();
        var order = requestPayment(1800, "pm_card_visa");
        var events = awaitOutcome(order);
        var delivery = heldSuccess(order);

        // when: the provider delivers it three times (each time signed anew, as Stripe does)
        for (int i = 0; i < 3; i++) {
            var payload = delivery.payload().getBytes(StandardCharsets.UTF_8);
            post(sign(Webhooks.DEFAULT_SECRET, Instant.now().getEpochSecond(), payload), payload)
                    .expectStatus()
                    .isOk();
        }

        // then
        assertThat(events)
                .singleElement()
                .satisfies(event -> assertThat(event.type()).endsWith("PaymentSucceeded"));
        assertThat(webhookEvent(delivery.eventId())).isEqualTo(1);
        assertThat(events(order, "PaymentSucceeded")).hasSize(1);
        assertThat(succeededCharges(order)).hasSize(1);
    }

    @Test
    void oneSuccessWhenTheWebhookArrivesAfterTheSynchronousAnswer() {
        simulator().webhooks().hold();
        var order = requestPayment(2100, "pm_card_visa");
        awaitOutcome(order); // the synchronous answer

        simulator().webhooks().release();

        await().atMost(OUTCOME_TIMEOUT).until(() -> heldSuccess(order).delivered());
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(3))
                .until(() -> events(order, "PaymentSucceeded").size() == 1);
        assertThat(webhookEvent(heldSuccess(order).eventId())).isEqualTo(1);
        assertThat(settledBy(order)).isEqualTo("service");
        assertThat(succeededCharges(order)).hasSize(1);
    }

    @Test
    void oneSuccessWhenTheWebhookArrivesWithoutTheSynchronousAnswer() {
        // given: the provider takes 2 s to charge, longer than the service waits (1 s); once the confirm is under way,
        // the breaker is forced open, so the service cannot learn the outcome by itself
        var breaker = breakers.circuitBreaker("stripe");
        var order = requestPayment(
                2600,
                "pm_card_visa",
                FaultPlan.latencyOf(Duration.ofSeconds(2)).only("confirm").times(1));
        await().atMost(OUTCOME_TIMEOUT).pollInterval(Duration.ofMillis(10)).until(() -> requests(order, "confirm") > 0);
        breaker.transitionToForcedOpenState();

        // when: the charge happens and its webhook arrives, while the service has no answer
        var events = awaitOutcome(order);

        // then: the webhook alone made the outcome (in its own transaction: same now() for both rows)
        assertThat(breaker.getState().name()).isEqualTo("FORCED_OPEN");
        assertThat(events)
                .singleElement()
                .satisfies(event -> assertThat(event.type()).endsWith("PaymentSucceeded"));
        assertThat(status(order)).isEqualTo("SUCCEEDED");
        assertThat(settledBy(order)).isEqualTo("webhook");

        // and once the service could ask again, nothing more happens
        breaker.transitionToClosedState();
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(4))
                .until(() -> EventLog.get().byKey(Topics.PAYMENTS, order).size() == 1);
        assertThat(succeededCharges(order)).hasSize(1);
    }

    @Test
    void oneSuccessWhenTheWebhookArrivesBeforeTheSynchronousAnswer() {
        // given: the provider charges but answers 500 (kept for the key): the webhook leaves at once, while the
        // service first retries the confirm (replayed 500s) and only then retrieves the intent and sees it succeeded
        var order = requestPayment(
                2700,
                "pm_card_visa",
                FaultPlan.errors(500).afterProcessing().only("confirm").times(1));
        var events = awaitOutcome(order);

        // then: both learnt it, one PaymentSucceeded
        await().atMost(OUTCOME_TIMEOUT).until(() -> requests(order, "retrieve") > 0);
        await().atMost(OUTCOME_TIMEOUT).until(() -> heldSuccess(order).delivered());
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(3))
                .until(() -> EventLog.get().byKey(Topics.PAYMENTS, order).size() == 1);
        assertThat(events)
                .singleElement()
                .satisfies(event -> assertThat(event.type()).endsWith("PaymentSucceeded"));
        assertThat(succeededCharges(order)).hasSize(1);
    }

    @Test
    void oneFailureWhenTheServiceAndTheWebhookBothReportADecline() {
        // the decline's answer is lost (connection reset after the provider declined): retries replay the reset's
        // stored 402, so the synchronous path and the webhook both know; one PaymentFailed
        var order = requestPayment(
                900,
                "pm_card_chargeDeclined",
                FaultPlan.resets().only("confirm").times(1));

        var events = awaitOutcome(order);

        assertThat(events)
                .singleElement()
                .satisfies(event -> assertThat(event.json()).contains("PAYMENT_DECLINED"));
        await().atMost(OUTCOME_TIMEOUT)
                .until(() -> simulator().webhooks().deliveries(intentOf(order)).stream()
                        .anyMatch(WebhookDelivery::delivered));
        assertThat(events(order, "PaymentFailed")).hasSize(1);
    }

    private UUID awaitFirst(UUID order) {
        await().atMost(OUTCOME_TIMEOUT)
                .until(() -> !EventLog.get().byKey(Topics.PAYMENTS, order).isEmpty());
        return order;
    }

    private WebhookDelivery heldSuccess(UUID order) {
        var intent = await().atMost(OUTCOME_TIMEOUT).until(() -> intentOf(order), id -> id != null);
        List<WebhookDelivery> deliveries = await().atMost(OUTCOME_TIMEOUT)
                .until(() -> simulator().webhooks().deliveries(intent), found -> !found.isEmpty());
        assertThat(deliveries)
                .singleElement()
                .satisfies(delivery -> assertThat(delivery.type()).isEqualTo("payment_intent.succeeded"));
        return deliveries.getFirst();
    }

    private void badRequest(String signature, byte[] payload) {
        post(signature, payload).expectBody().consumeWith(ProblemAssertions.problem(400, "malformed-request", PATH));
    }

    private WebTestClient.ResponseSpec post(String signature, byte[] payload) {
        var request = client.post().uri(PATH).contentType(MediaType.APPLICATION_JSON);
        if (signature != null) {
            request = request.header("Stripe-Signature", signature);
        }
        return request.bodyValue(payload).exchange();
    }

    private static String sign(String secret, long timestamp, byte[] payload) {
        return WebhookSignature.header(secret, timestamp, payload);
    }

    private static byte[] succeededEvent(String eventId, UUID order, long amount) {
        return ("{\"id\":\"" + eventId + "\",\"object\":\"event\",\"type\":\"payment_intent.succeeded\","
                        + "\"data\":{\"object\":{\"id\":\"pi_webhookonly"
                        + order.toString().substring(0, 8)
                        + "\",\"object\":\"payment_intent\",\"amount\":" + amount + ",\"currency\":\"eur\","
                        + "\"status\":\"succeeded\",\"metadata\":{\"order_id\":\"" + order + "\"}}}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void forgetsHandledEventIdsOnlyAfterTheirRetention() {
        // given: ids handled 31 days ago, 29 days ago and now (retention 30 days)
        var expired = "evt_expired_" + UUID.randomUUID();
        var kept = "evt_kept_" + UUID.randomUUID();
        var fresh = "evt_fresh_" + UUID.randomUUID();
        receivedDaysAgo(expired, 31);
        receivedDaysAgo(kept, 29);
        receivedDaysAgo(fresh, 0);

        // when
        var deleted = cleanup.deleteExpired().block(Duration.ofSeconds(5));

        // then: only the id past the retention is gone
        assertThat(deleted).isGreaterThanOrEqualTo(1);
        assertThat(webhookEvent(expired)).isZero();
        assertThat(webhookEvent(kept)).isOne();
        assertThat(webhookEvent(fresh)).isOne();
    }

    private void receivedDaysAgo(String id, int days) {
        database.sql("insert into webhook_event (id, type, received_at) values (:id, 'payment_intent.succeeded',"
                        + " now() - make_interval(days => :days))")
                .bind("id", id)
                .bind("days", days)
                .then()
                .block(Duration.ofSeconds(5));
    }

    private static byte[] tamper(byte[] payload) {
        return new String(payload, StandardCharsets.UTF_8)
                .replace("\"amount\":", "\"amount\":1")
                .getBytes(StandardCharsets.UTF_8);
    }

    private String intentOf(UUID order) {
        return database.sql("select provider_intent_id from payment where order_id = :orderId")
                .bind("orderId", order)
                .map(row -> row.get("provider_intent_id", String.class))
                .one()
                .block(Duration.ofSeconds(5));
    }

    /**
     * Who moved the payment out of PENDING: the webhook's transaction records the event and completes the payment
     * with one {@code now()} (the transaction's start), any other path completes it in a transaction of its own. Only
     * this order's own succeeded events count, as the simulator sent them.
     */
    private String settledBy(UUID order) {
        var ids = simulator().webhooks().deliveries(intentOf(order)).stream()
                .filter(delivery -> delivery.type().equals("payment_intent.succeeded"))
                .map(WebhookDelivery::eventId)
                .toArray(String[]::new);
        return database.sql("""
                        select case when exists (
                                 select 1 from webhook_event w
                                  where w.id = any(:ids) and w.received_at = p.completed_at)
                               then 'webhook' else 'service' end as settled_by
                          from payment p where p.order_id = :orderId
                        """)
                .bind("orderId", order)
                .bind("ids", ids)
                .map(row -> row.get("settled_by", String.class))
                .one()
                .block(Duration.ofSeconds(5));
    }

    private long webhookEvent(String id) {
        return count("select count(*) as n from webhook_event where id = :id", id);
    }

    private long count(String sql, String id) {
        var spec = database.sql(sql);
        if (id != null) {
            spec = spec.bind("id", id);
        }
        var n = spec.map(row -> row.get("n", Long.class)).one().block(Duration.ofSeconds(5));
        return n == null ? 0 : n;
    }
}
