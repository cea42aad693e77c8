package dev.shop.payment.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.shop.common.problem.ProblemAssertions;
import dev.shop.common.test.EventLog;
import dev.shop.localstack.stripe.FaultPlan;
import dev.shop.payment.IntegrationTestSupport;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RefundAndHistoryIntegrationTest extends IntegrationTestSupport {

    private final String alice = "user-" + UUID.randomUUID();
    private final String aliceToken = JWTS.token(alice, "alice@example.com", "customer");
    private final String bobToken = JWTS.token("user-" + UUID.randomUUID(), "bob@example.com", "customer");
    private final String adminToken =
            JWTS.token("admin-" + UUID.randomUUID(), "admin@example.com", "customer", "admin");

    @Test
    void anAdminRefundsAPaidOrderOnceAndTheHistoryShowsIt() {
        // given
        var order = requestPayment(alice, 4200, "pm_card_visa");
        awaitOutcome(order);
        var paymentId = paymentId(order);

        // when
        client.post()
                .uri("/api/payments/{id}/refund", paymentId)
                .headers(headers -> headers.setBearerAuth(adminToken))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("REFUNDED")
                .jsonPath("$.providerRefundId")
                .value(id -> assertThat(id.toString()).startsWith("re_"));

        // then: one PaymentRefunded, the money given back once at the provider, even after its charge.refunded webhook
        await().atMost(OUTCOME_TIMEOUT)
                .until(() -> events(order, "PaymentRefunded").size() == 1);
        await().atMost(OUTCOME_TIMEOUT)
                .until(() -> simulator().webhooks().deliveries().stream()
                        .anyMatch(delivery -> delivery.type().equals("charge.refunded")
                                && delivery.payload().contains(order.toString())
                                && delivery.delivered()));
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(3))
                .until(() -> events(order, "PaymentRefunded").size() == 1);
        assertThat(events(order, "PaymentRefunded").getFirst().json())
                .contains("\"paymentId\":\"" + paymentId + "\"")
                .contains("\"amount\":4200");
        assertThat(simulator().charges(order)).singleElement().satisfies(charge -> {
            assertThat(charge.amount()).isEqualTo(4200);
            assertThat(charge.amountRefunded()).isEqualTo(4200);
        });
        client.get()
                .uri("/api/payments?orderId={order}", order)
                .headers(headers -> headers.setBearerAuth(aliceToken))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.totalItems")
                .isEqualTo(1)
                .jsonPath("$.items[0].id")
                .isEqualTo(paymentId.toString())
                .jsonPath("$.items[0].status")
                .isEqualTo("REFUNDED")
                .jsonPath("$.items[0].amount.amount")
                .isEqualTo(4200)
                .jsonPath("$.items[0].amount.currency")
                .isEqualTo("EUR")
                .jsonPath("$.items[0].paymentMethod")
                .isEqualTo("pm_card_visa")
                .jsonPath("$.items[0].providerPaymentIntentId")
                .value(id -> assertThat(id.toString()).startsWith("pi_"))
                .jsonPath("$.items[0].createdAt")
                .exists()
                .jsonPath("$.items[0].completedAt")
                .exists()
                .jsonPath("$.items[0].refundedAt")
                .exists();

        // and a second refund is a conflict that changes nothing
        client.post()
                .uri("/api/payments/{id}/refund", paymentId)
                .headers(headers -> headers.setBearerAuth(adminToken))
                .exchange()
                .expectBody()
                .consumeWith(ProblemAssertions.problem(409, "conflict", "/api/payments/" + paymentId + "/refund"));
        assertThat(events(order, "PaymentRefunded")).hasSize(1);
        assertThat(simulator().charges(order).getFirst().amountRefunded()).isEqualTo(4200);
    }

    @Test
    void aCustomerCannotRefundAndNothingChanges() {
        var order = requestPayment(alice, 1500, "pm_card_visa");
        awaitOutcome(order);
        var paymentId = paymentId(order);

        client.post()
                .uri("/api/payments/{id}/refund", paymentId)
                .headers(headers -> headers.setBearerAuth(aliceToken))
                .exchange()
                .expectBody()
                .consumeWith(ProblemAssertions.problem(403, "forbidden", "/api/payments/" + paymentId + "/refund"));
        client.post()
                .uri("/api/payments/{id}/refund", paymentId)
                .exchange()
                .expectStatus()
                .isUnauthorized();

        assertThat(status(order)).isEqualTo("SUCCEEDED");
        assertThat(simulator().charges(order).getFirst().amountRefunded()).isZero();
        assertThat(events(order, "PaymentRefunded")).isEmpty();
    }

    @Test
    void refusesToRefundAnUnpaidOrUnknownPayment() {
        var declined = requestPayment(alice, 1500, "pm_card_chargeDeclined");
        awaitOutcome(declined);
        var declinedId = paymentId(declined);
        var unknown = UUID.randomUUID();

        client.post()
                .uri("/api/payments/{id}/refund", declinedId)
                .headers(headers -> headers.setBearerAuth(adminToken))
                .exchange()
                .expectBody()
                .consumeWith(ProblemAssertions.problem(409, "conflict", "/api/payments/" + declinedId + "/refund"));
        client.post()
                .uri("/api/payments/{id}/refund", unknown)
                .headers(headers -> headers.setBearerAuth(adminToken))
                .exchange()
                .expectBody()
                .consumeWith(ProblemAssertions.problem(404, "not-found", "/api/payments/" + unknown + "/refund"));
        assertThat(status(declined)).isEqualTo("FAILED");
    }

    @Test
    void aRefundTheProviderCannotTakeNowIsRetriedUntilDone() {
        var order = requestPayment(alice, 3300, "pm_card_visa");
        awaitOutcome(order);
        var paymentId = paymentId(order);
        // the refund's first answer is a 500 kept for its key: the retry must use a new key, and give back once
        simulator().inject(FaultPlan.errors(500).only("refund").times(3).forOrder(order));

        client.post()
                .uri("/api/payments/{id}/refund", paymentId)
                .headers(headers -> headers.setBearerAuth(adminToken))
                .exchange()
                .expectStatus()
                .isAccepted()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("SUCCEEDED")
                .jsonPath("$.refundPending")
                .isEqualTo(true);

        await().atMost(OUTCOME_TIMEOUT).until(() -> "REFUNDED".equals(status(order)));
        await().atMost(OUTCOME_TIMEOUT)
                .until(() -> events(order, "PaymentRefunded").size() == 1);
        assertThat(simulator().charges(order).getFirst().amountRefunded()).isEqualTo(3300);
    }

    @Test
    void showsAnOrdersPaymentsOnlyToItsOwnerAndToAdmins() {
        var order = requestPayment(alice, 2500, "pm_card_visa");
        awaitOutcome(order);
        var uri = "/api/payments?orderId=" + order;

        client.get()
                .uri(uri)
                .headers(headers -> headers.setBearerAuth(aliceToken))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.items[0].status")
                .isEqualTo("SUCCEEDED")
                .jsonPath("$.items[0].userId")
                .isEqualTo(alice);
        client.get()
                .uri(uri)
                .headers(headers -> headers.setBearerAuth(adminToken))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.items.length()")
                .isEqualTo(1);
        client.get()
                .uri(uri)
                .headers(headers -> headers.setBearerAuth(bobToken))
                .exchange()
                .expectBody()
                .consumeWith(ProblemAssertions.problem(404, "not-found", "/api/payments"));
        client.get()
                .uri("/api/payments?orderId=" + UUID.randomUUID())
                .headers(headers -> headers.setBearerAuth(aliceToken))
                .exchange()
                .expectStatus()
                .isNotFound();
        client.get().uri(uri).exchange().expectStatus().isUnauthorized();
        client.get()
                .uri("/api/payments?orderId=not-a-uuid")
                .headers(headers -> headers.setBearerAuth(aliceToken))
                .exchange()
                .expectStatus()
                .isBadRequest();
        client.get()
                .uri("/api/payments")
                .headers(headers -> headers.setBearerAuth(aliceToken))
                .exchange()
                .expectStatus()
                .isBadRequest();
    }

    private UUID paymentId(UUID order) {
        return database.sql("select id from payment where order_id = :orderId")
                .bind("orderId", order)
                .map(row -> row.get("id", UUID.class))
                .one()
                .block(Duration.ofSeconds(5));
    }

    static {
        EventLog.get(); // reading from the start of the topic: nothing is missed
    }
}
