package dev.shop.cart.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.shop.common.events.payment.PaymentFailureReason;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The saga from the order's side: the test plays catalog ({@code inventory.v1}) and payment-service
 * ({@code payments.v1}) on the real broker, and reads what cart-service publishes on {@code orders.v1}.
 */
class OrderSagaIntegrationTest extends SagaTestSupport {

    @Test
    void aReservedAndPaidOrderIsConfirmedAndItsMailSentOnce() throws Exception {
        var order = placeOrder();

        deliver(stockReserved(order));

        assertThat(status(order)).isEqualTo("AWAITING_PAYMENT");
        assertThat(order(order).path("paymentStatus").asString()).isEqualTo("REQUESTED");
        awaitPublished(order, "PaymentRequested", 1);
        JsonNode requested =
                json.readTree(published(order, "PaymentRequested").getFirst().json());
        assertThat(requested.path("userId").asString())
                .isEqualTo(order.shopper().id());
        assertThat(requested.path("amount").path("amount").asLong()).isEqualTo(2500);
        assertThat(requested.path("amount").path("currency").asString()).isEqualTo("EUR");
        assertThat(requested.path("paymentMethod").asString()).isEqualTo("pm_card_visa");

        deliver(paymentSucceeded(order));

        assertThat(status(order)).isEqualTo("CONFIRMED");
        assertThat(order(order).path("paymentStatus").asString()).isEqualTo("SUCCEEDED");
        assertThat(history(order)).containsExactly("PENDING", "AWAITING_PAYMENT", "CONFIRMED");
        awaitPublished(order, "OrderConfirmed", 1);
        JsonNode confirmed =
                json.readTree(published(order, "OrderConfirmed").getFirst().json());
        assertThat(confirmed.path("userId").asString())
                .isEqualTo(order.shopper().id());
        assertThat(confirmed.path("total").path("amount").asLong()).isEqualTo(2500);

        await().atMost(Duration.ofSeconds(20))
                .until(() -> SMTP.receivedBy(order.shopper().email()).size() == 1);
        // as the customer's mail client reads it: over IMAP, an HTML part with a plain-text alternative
        var mail = SMTP.readOverImap(order.shopper().email()).getFirst();
        assertThat(mail.subject()).isEqualTo("Your order " + order.id() + " is confirmed");
        assertThat(mail.contentType()).startsWith("multipart/");
        assertThat(mail.text())
                .contains("2 x Lamp")
                .contains("at €12.50 = €25.00")
                .contains("Total: €25.00")
                .contains("Alice Example")
                .contains("1 Main Street")
                .contains("10115 Berlin")
                .contains("DE");
        assertThat(mail.html())
                .containsPattern("<img src=\"https://shop\\.test/api/catalog/images/products/[0-9a-f-]{36}/e{64}-thumb"
                        + "\\.jpg\" width=\"64\" alt=\"\"")
                .contains("<td align=\"right\">2</td>")
                .contains("€12.50")
                .contains("€25.00")
                .contains("1 Main Street")
                .contains("10115 Berlin");
        assertThat(mailStatus(order)).isEqualTo("SENT");

        // the mail job polls every 100 ms: in a second of them, never a second mail
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(5))
                .until(() -> SMTP.receivedBy(order.shopper().email()).size() == 1);
    }

    @Test
    void aCustomerWhoseProfileSaysGermanGetsTheMailInGerman() throws Exception {
        var german = newShopperSpeaking("de");
        String email = german.email();
        var order = placeOrder(german);
        deliver(stockReserved(order));
        deliver(paymentSucceeded(order));

        await().atMost(Duration.ofSeconds(20))
                .ignoreExceptions()
                .until(() -> SMTP.readOverImap(email).size() == 1);
        var mail = SMTP.readOverImap(email).getFirst();
        assertThat(mail.subject()).isEqualTo("Ihre Bestellung " + order.id() + " ist bestätigt");
        assertThat(mail.text())
                .startsWith("Hallo Alice Example,")
                .contains("2 x Lamp")
                .contains("zu 12,50\u00a0€ = 25,00\u00a0€")
                .contains("Summe: 25,00\u00a0€")
                .contains("Lieferadresse:");
        assertThat(mail.html()).contains("lang=\"de\"").contains("Artikel").contains("25,00\u00a0€");
    }

    @Test
    void rejectedStockCancelsTheOrderOutOfStockAndTellsTheCustomer() throws Exception {
        var order = placeOrder();

        deliver(stockRejected(order));

        assertThat(status(order)).isEqualTo("CANCELLED");
        assertThat(order(order).path("cancellationReason").asString()).isEqualTo("OUT_OF_STOCK");
        assertThat(history(order)).containsExactly("PENDING", "CANCELLED/OUT_OF_STOCK");
        awaitPublished(order, "OrderCancelled", 1);
        assertThat(published(order, "OrderCancelled").getFirst().json()).contains("OUT_OF_STOCK");
        assertThat(published(order, "PaymentRequested")).isEmpty();

        String email = order.shopper().email();
        await().atMost(Duration.ofSeconds(20))
                .ignoreExceptions()
                .until(() -> SMTP.readOverImap(email).size() == 1);
        var mail = SMTP.readOverImap(email).getFirst();
        assertThat(mail.subject()).isEqualTo("Your order " + order.id() + " is cancelled");
        assertThat(mail.text())
                .contains("your order " + order.id() + " is cancelled.")
                .contains("Not every item was available; nothing was charged.")
                .contains("2 x Lamp");
        assertThat(mail.html()).contains("Not every item was available; nothing was charged.");
        assertThat(mailKinds(order)).containsExactly("CANCELLED");
    }

    @Test
    void aDeclinedOrFailedPaymentCancelsTheOrderWithItsReason() {
        for (var reason : PaymentFailureReason.values()) {
            var order = placeOrder();
            deliver(stockReserved(order));

            deliver(paymentFailed(order, reason));

            assertThat(status(order)).isEqualTo("CANCELLED");
            assertThat(order(order).path("cancellationReason").asString()).isEqualTo(reason.name());
            assertThat(order(order).path("paymentStatus").asString()).isEqualTo("FAILED");
            assertThat(history(order)).containsExactly("PENDING", "AWAITING_PAYMENT", "CANCELLED/" + reason.name());
            awaitPublished(order, "OrderCancelled", 1);
            assertThat(published(order, "OrderCancelled").getFirst().json()).contains(reason.name());
            assertThat(published(order, "OrderConfirmed")).isEmpty();
        }
    }

    @Test
    void anOrderWithoutOutcomeTimesOutAndALatePaymentDoesNotConfirmIt() throws Exception {
        var pending = placeOrder();
        var awaiting = placeOrder();
        deliver(stockReserved(awaiting));
        var young = placeOrder();
        // placed 16 minutes ago, as far as the job (timeout 15 min) can tell
        for (var order : new Placed[] {pending, awaiting}) {
            database.sql("update customer_order set placed_at = placed_at - interval '16 minutes' where id = :id")
                    .bind("id", order.id())
                    .then()
                    .block();
        }

        await().atMost(Duration.ofSeconds(20))
                .until(() ->
                        status(pending).equals("CANCELLED") && status(awaiting).equals("CANCELLED"));
        assertThat(history(pending)).containsExactly("PENDING", "CANCELLED/TIMED_OUT");
        assertThat(history(awaiting)).containsExactly("PENDING", "AWAITING_PAYMENT", "CANCELLED/TIMED_OUT");
        awaitPublished(pending, "OrderCancelled", 1);
        awaitPublished(awaiting, "OrderCancelled", 1);
        assertThat(status(young)).as("an order younger than the timeout").isEqualTo("PENDING");

        // payment-service charged it after all: it stays cancelled, payment-service refunds it on its side
        deliver(paymentSucceeded(awaiting));

        assertThat(status(awaiting)).isEqualTo("CANCELLED");
        assertThat(order(awaiting).path("cancellationReason").asString()).isEqualTo("TIMED_OUT");
        assertThat(order(awaiting).path("paymentStatus").asString()).isEqualTo("SUCCEEDED");
        assertThat(history(awaiting)).containsExactly("PENDING", "AWAITING_PAYMENT", "CANCELLED/TIMED_OUT");
        assertThat(published(awaiting, "OrderConfirmed")).isEmpty();
        assertThat(mailKinds(awaiting))
                .as("the cancellation's, no confirmation")
                .containsExactly("CANCELLED");
        // the timeout job looks every 300 ms: over several of its rounds nothing more happens to cancelled orders
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(5))
                .until(() -> published(awaiting, "OrderCancelled").size() == 1 && "CANCELLED".equals(status(awaiting)));
    }

    @Test
    void aRefundedConfirmedOrderIsRefundedAndTheCustomerToldInTheirLanguage() throws Exception {
        var german = newShopperSpeaking("de");
        var order = placeOrder(german);
        deliver(stockReserved(order));
        deliver(paymentSucceeded(order));

        deliver(paymentRefunded(order));

        assertThat(status(order)).isEqualTo("REFUNDED");
        assertThat(order(order).path("paymentStatus").asString()).isEqualTo("REFUNDED");
        assertThat(history(order)).containsExactly("PENDING", "AWAITING_PAYMENT", "CONFIRMED", "REFUNDED");
        await().atMost(Duration.ofSeconds(20))
                .ignoreExceptions()
                .until(() -> SMTP.readOverImap(german.email()).size() == 2);
        assertThat(SMTP.readOverImap(german.email()))
                .extracting(mail -> mail.subject())
                .containsExactlyInAnyOrder(
                        "Ihre Bestellung " + order.id() + " ist bestätigt",
                        "Ihre Bestellung " + order.id() + " ist erstattet");
        var refund = SMTP.readOverImap(german.email()).stream()
                .filter(mail -> mail.subject().endsWith("erstattet"))
                .findFirst()
                .orElseThrow();
        assertThat(refund.text())
                .contains("die Zahlung von 25,00\u00a0€ für Ihre Bestellung " + order.id())
                .contains("Summe: 25,00\u00a0€");
        assertThat(refund.html()).contains("lang=\"de\"").contains("Zahlungsmittel erstattet.");
    }

    @Test
    void everyEventDeliveredTwiceHasOneEffect() {
        var order = placeOrder();

        UUID reserved = deliver(stockReserved(order));
        redeliver(stockReserved(order), reserved, stockRejected(order));
        // the same fact published again under a new ce_id (a producer's bug or a replay): the order's guard stops it
        deliver(stockReserved(order));
        UUID paid = deliver(paymentSucceeded(order));
        redeliver(paymentSucceeded(order), paid, paymentFailed(order, PaymentFailureReason.PAYMENT_DECLINED));
        deliver(paymentSucceeded(order));
        UUID refunded = deliver(paymentRefunded(order));
        redeliver(paymentRefunded(order), refunded, paymentSucceeded(order));

        assertThat(history(order)).containsExactly("PENDING", "AWAITING_PAYMENT", "CONFIRMED", "REFUNDED");
        awaitPublished(order, "OrderConfirmed", 1);
        assertThat(published(order, "PaymentRequested")).hasSize(1);
        assertThat(published(order, "OrderConfirmed")).hasSize(1);
        assertThat(published(order, "OrderCancelled")).isEmpty();
        assertThat(mailKinds(order)).containsExactlyInAnyOrder("CONFIRMED", "REFUNDED");
        // OrderPlaced, PaymentRequested, OrderConfirmed
        assertThat(outboxEvents(order.id())).isEqualTo(3);
    }

    @Test
    void lateAndOutOfOrderEventsNeverMoveAnOrderBackwards() {
        // a cancelled order: nothing brings it back
        var rejected = placeOrder();
        deliver(stockRejected(rejected));
        deliver(stockReserved(rejected));
        deliver(paymentFailed(rejected, PaymentFailureReason.PAYMENT_FAILED));
        deliver(paymentRefunded(rejected));
        assertThat(history(rejected)).containsExactly("PENDING", "CANCELLED/OUT_OF_STOCK");
        assertThat(order(rejected).path("cancellationReason").asString()).isEqualTo("OUT_OF_STOCK");
        assertThat(published(rejected, "PaymentRequested")).isEmpty();

        // payment outcomes before the reservation are not the order's (payment-service only charges after
        // PaymentRequested): they change nothing
        var early = placeOrder();
        deliver(paymentSucceeded(early));
        deliver(paymentRefunded(early));
        assertThat(history(early)).containsExactly("PENDING");

        // a confirmed order: neither stock nor payment failures undo it
        var confirmed = placeOrder();
        deliver(stockReserved(confirmed));
        deliver(paymentSucceeded(confirmed));
        deliver(stockRejected(confirmed));
        deliver(stockReserved(confirmed));
        deliver(paymentFailed(confirmed, PaymentFailureReason.PAYMENT_DECLINED));
        assertThat(history(confirmed)).containsExactly("PENDING", "AWAITING_PAYMENT", "CONFIRMED");
        assertThat(order(confirmed).path("paymentStatus").asString()).isEqualTo("SUCCEEDED");

        // a refunded order stays refunded
        deliver(paymentRefunded(confirmed));
        deliver(paymentSucceeded(confirmed));
        assertThat(history(confirmed)).containsExactly("PENDING", "AWAITING_PAYMENT", "CONFIRMED", "REFUNDED");
        awaitPublished(confirmed, "OrderConfirmed", 1);
        assertThat(published(confirmed, "PaymentRequested")).hasSize(1);
        assertThat(published(confirmed, "OrderConfirmed")).hasSize(1);
        assertThat(published(confirmed, "OrderCancelled")).isEmpty();
    }

    @Test
    void anEventForAnUnknownOrderIsConsumedAndChangesNothing() {
        UUID unknown = UUID.randomUUID();
        var phantom = new Placed(unknown, 100, newShopper());
        deliver(stockReserved(phantom));
        deliver(paymentSucceeded(phantom));
        assertThat(count("select count(*) from customer_order where id = :id", "id", unknown))
                .isZero();
        assertThat(outboxEvents(unknown)).isZero();
    }

    private List<String> mailKinds(Placed order) {
        return database.sql("select kind from order_mail where order_id = :id")
                .bind("id", order.id())
                .map(row -> row.get("kind", String.class))
                .all()
                .collectList()
                .block();
    }

    private String mailStatus(Placed order) {
        return database.sql("select status from order_mail where order_id = :id and kind = 'CONFIRMED'")
                .bind("id", order.id())
                .map(row -> row.get("status", String.class))
                .one()
                .block();
    }
}
