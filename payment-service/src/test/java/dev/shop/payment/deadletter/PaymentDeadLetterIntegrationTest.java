package dev.shop.payment.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shop.common.events.Money;
import dev.shop.common.events.cart.PaymentRequested;
import dev.shop.common.test.DeadLetterAdminClient;
import dev.shop.payment.IntegrationTestSupport;
import dev.shop.payment.OrdersTopic;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * payment-service's dead-letter admin (common's): a request it cannot read is dead-lettered, an admin lists it and
 * replays it corrected, and the payment is charged once however often it is replayed.
 */
class PaymentDeadLetterIntegrationTest extends IntegrationTestSupport {

    private static final String DEAD_LETTERS = "/api/payments/admin/dead-letters";

    private final String adminId = "admin-" + UUID.randomUUID();
    private final String adminToken = JWTS.token(adminId, "admin@example.com", "customer", "admin");

    @Test
    void aRequestItCannotReadIsListedForAdminsAndACorrectedReplayChargesItOnce() {
        var admin = new DeadLetterAdminClient(client, DEAD_LETTERS, adminToken);
        var orderId = UUID.randomUUID();
        var eventId = UUID.randomUUID();
        // a PaymentRequested without its amount: no payment can come of it, ever
        OrdersTopic.get()
                .publishRaw(
                        PaymentRequested.class,
                        orderId.toString(),
                        eventId,
                        "{\"orderId\": \"" + orderId + "\", \"userId\": \"user-1\"}");

        JsonNode letter = admin.awaitDeadLetter(eventId);
        assertThat(letter.path("key").asString()).isEqualTo(orderId.toString());
        assertThat(letter.path("id").asString()).contains(".payment-service.dlq-");
        assertThat(payments(orderId)).isZero();

        var corrected = new PaymentRequested(orderId, "user-1", new Money(2500, "EUR"), "pm_card_visa");
        for (int i = 0; i < 2; i++) {
            admin.replay(letter.path("id").asString(), corrected)
                    .expectStatus()
                    .isAccepted()
                    .expectBody()
                    .jsonPath("$.eventId")
                    .isEqualTo(eventId.toString());
        }

        assertThat(awaitOutcome(orderId))
                .singleElement()
                .satisfies(event -> assertThat(event.type()).endsWith("PaymentSucceeded"));
        assertThat(succeededCharges(orderId)).hasSize(1);
        assertThat(payments(orderId)).isEqualTo(1);
        assertThat(admin.replays(eventId)).hasSize(2).allSatisfy(replay -> {
            assertThat(replay.path("replayedBy").asString()).isEqualTo(adminId);
            assertThat(replay.path("corrected").asBoolean()).isTrue();
        });
    }

    @Test
    void isForAdminsOnly() {
        var customer = JWTS.token("user-" + UUID.randomUUID(), "c@example.com", "customer");

        client.get()
                .uri(DEAD_LETTERS)
                .headers(headers -> headers.setBearerAuth(customer))
                .exchange()
                .expectStatus()
                .isForbidden();
        client.get().uri(DEAD_LETTERS).exchange().expectStatus().isUnauthorized();
        client.post()
                .uri(DEAD_LETTERS + "/{id}/replay", "payments.v1.payment-service.dlq-0-0")
                .headers(headers -> headers.setBearerAuth(customer))
                .exchange()
                .expectStatus()
                .isForbidden();
        client.post()
                .uri(DEAD_LETTERS + "/{id}/replay", "no-such-letter")
                .headers(headers -> headers.setBearerAuth(adminToken))
                .exchange()
                .expectStatus()
                .isNotFound();
    }
}
