package dev.shop.cart.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.shop.common.events.EventMetadata;
import dev.shop.common.events.EventTypes;
import dev.shop.common.events.Topics;
import dev.shop.common.events.catalog.StockReserved;
import dev.shop.common.events.payment.PaymentSucceeded;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/** A message the consumer cannot handle goes to the dead-letter topic; an admin lists it and replays it, once. */
class DeadLetterIntegrationTest extends SagaTestSupport {

    private static final String DEAD_LETTERS = "/api/cart/admin/dead-letters";

    private static final String ADMIN_ID = UUID.randomUUID().toString();

    @Autowired
    MeterRegistry meters;

    private final String admin = JWTS.token(ADMIN_ID, "admin@example.com", "admin");

    @Test
    void aMalformedEventIsDeadLetteredTheConsumerGoesOnAndAFixedReplayTakesEffectOnce() throws Exception {
        var broken = placeOrder();
        var next = placeOrder();
        UUID eventId = UUID.randomUUID();

        // a StockReserved without its orderId: not an event the consumer can apply, ever
        publishRaw(Topics.INVENTORY, broken.id().toString(), eventId, "{\"lines\": []}");
        deliver(stockReserved(next));

        assertThat(status(next)).as("the consumer went on").isEqualTo("AWAITING_PAYMENT");
        JsonNode letter = awaitDeadLetters(eventId, 1).getFirst();
        assertThat(letter.path("topic").asString()).isEqualTo(Topics.INVENTORY);
        assertThat(letter.path("key").asString()).isEqualTo(broken.id().toString());
        assertThat(letter.path("eventType").asString())
                .isEqualTo(EventTypes.of(StockReserved.class).type());
        assertThat(letter.path("failure").asString())
                .startsWith("dev.shop.common.events.InvalidEventException")
                .contains("is not a valid dev.shop.catalog.StockReserved");
        assertThat(letter.path("payload").asString()).isEqualTo("{\"lines\": []}");
        assertThat(letter.path("id").asString()).startsWith("inventory.v1.cart-service.dlq-");
        assertThat(status(broken)).isEqualTo("PENDING");
        assertThat(consumed(eventId)).isFalse();

        // replayed as it is, it fails again and is dead-lettered again: nothing changes
        String id = letter.path("id").asString();
        replay(id, null).expectStatus().isAccepted();
        awaitDeadLetters(eventId, 2);
        assertThat(status(broken)).isEqualTo("PENDING");

        // replayed with the payload fixed: it takes effect, under its own ce_id
        var fixed = Map.of("payload", Map.of("orderId", broken.id().toString(), "lines", List.of()));
        JsonNode replayed =
                body(replay(id, fixed).expectStatus().isAccepted().expectBody().returnResult());
        assertThat(replayed.path("eventId").asString()).isEqualTo(eventId.toString());
        await().atMost(Duration.ofSeconds(20)).until(() -> consumed(eventId));
        assertThat(status(broken)).isEqualTo("AWAITING_PAYMENT");

        // replayed again: the ce_id is recorded, no second effect
        replay(id, fixed).expectStatus().isAccepted();
        deliver(stockRejected(broken)); // behind the replay on the same partition; changes nothing either
        assertThat(history(broken)).containsExactly("PENDING", "AWAITING_PAYMENT");
        awaitPublished(broken, "PaymentRequested", 1);
        assertThat(published(broken, "PaymentRequested")).hasSize(1);
        assertThat(outboxEvents(broken.id())).isEqualTo(2);

        // the audit: three replays of this dead letter by this admin, the payload's hash each time
        List<JsonNode> replays = replaysOf(id);
        assertThat(replays).hasSize(3).allSatisfy(replay -> {
            assertThat(replay.path("replayedBy").asString()).isEqualTo(ADMIN_ID);
            assertThat(replay.path("replayedByEmail").asString()).isEqualTo("admin@example.com");
            assertThat(replay.path("eventId").asString()).isEqualTo(eventId.toString());
            assertThat(replay.path("key").asString()).isEqualTo(broken.id().toString());
            assertThat(replay.path("topic").asString()).isEqualTo(Topics.INVENTORY);
        });
        // newest first: the two corrected ones, then the one as it was
        assertThat(replays)
                .extracting(replay -> replay.path("corrected").asBoolean())
                .containsExactly(true, true, false);
        assertThat(replays.getLast().path("payloadSha256").asString())
                .isEqualTo(sha256("{\"lines\": []}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aPaymentOfAnotherAmountCancelsTheOrderAndIsDeadLetteredForAPerson() {
        var order = placeOrder();
        deliver(stockReserved(order));
        double before = amountMismatches();

        var charged = new PaymentSucceeded(order.id(), UUID.randomUUID(), eur(order.total() - 100));
        UUID eventId = deliver(charged);

        // never confirmed: cancelled with its own reason, which makes payment-service refund the charge
        assertThat(history(order)).containsExactly("PENDING", "AWAITING_PAYMENT", "CANCELLED/PAYMENT_AMOUNT_MISMATCH");
        assertThat(order(order).path("paymentStatus").asString()).isEqualTo("SUCCEEDED");
        awaitPublished(order, "OrderCancelled", 1);
        assertThat(published(order, "OrderCancelled").getFirst().json())
                .contains("\"reason\":\"PAYMENT_AMOUNT_MISMATCH\"");
        assertThat(published(order, "OrderConfirmed")).isEmpty();
        assertThat(count(
                        "select count(*) from order_mail where order_id = :id and kind = 'CONFIRMED'",
                        "id",
                        order.id()))
                .isZero();
        // the event itself, for a person: in the dead-letter topic with its ce_id and what is wrong with it
        JsonNode letter = awaitDeadLetters(eventId, 1).getFirst();
        assertThat(letter.path("topic").asString()).isEqualTo(Topics.PAYMENTS);
        assertThat(letter.path("key").asString()).isEqualTo(order.id().toString());
        assertThat(letter.path("eventType").asString())
                .isEqualTo(EventTypes.of(PaymentSucceeded.class).type());
        assertThat(letter.path("failure").asString())
                .contains("PaymentAmountMismatch")
                .contains("of " + order.total() + " EUR was charged " + (order.total() - 100) + " EUR");
        assertThat(amountMismatches() - before).isEqualTo(1.0);
    }

    private double amountMismatches() {
        return meters.counter("shop.orders.payment.amount.mismatch").count();
    }

    @Test
    void refusesACorrectedPayloadAboutAnotherOrderOrOfAnotherShapeAndPublishesNothing() {
        var broken = placeOrder();
        var other = placeOrder();
        UUID eventId = UUID.randomUUID();
        publishRaw(Topics.INVENTORY, broken.id().toString(), eventId, "{\"lines\": []}");
        String id = awaitDeadLetters(eventId, 1).getFirst().path("id").asString();
        String instance = DEAD_LETTERS + "/" + id + "/replay";

        // a valid StockReserved, but for another order: it would reserve under this dead letter's ce_id for that one
        replay(id, Map.of("payload", Map.of("orderId", other.id().toString(), "lines", List.of())))
                .expectBody()
                .consumeWith(problem(422, "replay-mismatch", instance))
                .jsonPath("$.detail")
                .isEqualTo("The corrected payload is about " + other.id() + ", but the dead letter's key is "
                        + broken.id() + ".");
        // another event's shape (a PaymentFailed) under StockReserved's ce_type
        replay(
                        id,
                        Map.of(
                                "payload",
                                Map.of(
                                        "orderId",
                                        broken.id().toString(),
                                        "paymentId",
                                        UUID.randomUUID().toString(),
                                        "reason",
                                        "PAYMENT_DECLINED")))
                .expectBody()
                .consumeWith(problem(422, "replay-mismatch", instance))
                .jsonPath("$.detail")
                .isEqualTo("The corrected payload is not a valid "
                        + EventTypes.of(StockReserved.class).type() + " event.");

        assertThat(replaysOf(id)).isEmpty();
        assertThat(deadLettersOf(eventId)).hasSize(1);
        assertThat(consumed(eventId)).isFalse();
        assertThat(status(broken)).isEqualTo("PENDING");
        assertThat(status(other)).isEqualTo("PENDING");
    }

    @Test
    void onlyAnAdminSeesOrReplaysDeadLettersAndBadRequestsChangeNothing() {
        var customer = newShopper();
        as(customer)
                .get()
                .uri(DEAD_LETTERS)
                .exchange()
                .expectBody()
                .consumeWith(problem(403, "forbidden", DEAD_LETTERS));
        client.get().uri(DEAD_LETTERS).exchange().expectBody().consumeWith(problem(401, "unauthorized", DEAD_LETTERS));
        as(customer)
                .get()
                .uri(DEAD_LETTERS + "/replays")
                .exchange()
                .expectBody()
                .consumeWith(problem(403, "forbidden", DEAD_LETTERS + "/replays"));
        String unknown = "inventory.v1.cart-service.dlq-0-999999";
        as(customer)
                .post()
                .uri(DEAD_LETTERS + "/{id}/replay", unknown)
                .exchange()
                .expectBody()
                .consumeWith(problem(403, "forbidden", DEAD_LETTERS + "/" + unknown + "/replay"));

        // what a replay writes (the audit); background work (timeouts of other tests' orders) never writes it
        long replaysBefore = count("select count(*) from dead_letter_replay");
        for (String id : List.of(unknown, "nonsense", "orders.v1.catalog-service.dlq-0-0", "inventory.v1-x-1")) {
            replay(id, null).expectBody().consumeWith(problem(404, "not-found", DEAD_LETTERS + "/" + id + "/replay"));
        }
        replay(unknown, Map.of("payload", List.of(1, 2)))
                .expectBody()
                .consumeWith(validationOf(DEAD_LETTERS + "/" + unknown + "/replay", "payload"));
        asAdmin()
                .get()
                .uri(DEAD_LETTERS + "?size=0")
                .exchange()
                .expectBody()
                .consumeWith(validationOf(DEAD_LETTERS, "size"));
        assertThat(count("select count(*) from dead_letter_replay")).isEqualTo(replaysBefore);
    }

    private WebTestClient asAdmin() {
        return client.mutate()
                .defaultHeaders(headers -> headers.setBearerAuth(admin))
                .build();
    }

    private WebTestClient.ResponseSpec replay(String id, Object body) {
        var request = asAdmin().post().uri(DEAD_LETTERS + "/{id}/replay", id);
        return body == null
                ? request.exchange()
                : request.contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(body)
                        .exchange();
    }

    private List<JsonNode> deadLettersOf(UUID eventId) {
        JsonNode page = body(asAdmin()
                .get()
                .uri(DEAD_LETTERS + "?size=100")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult());
        return page.path("items")
                .valueStream()
                .filter(item -> item.path("eventId").asString().equals(eventId.toString()))
                .toList();
    }

    private List<JsonNode> replaysOf(String deadLetterId) {
        JsonNode page = body(asAdmin()
                .get()
                .uri(DEAD_LETTERS + "/replays?size=100")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult());
        return page.path("items")
                .valueStream()
                .filter(item -> item.path("deadLetterId").asString().equals(deadLetterId))
                .toList();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private List<JsonNode> awaitDeadLetters(UUID eventId, int count) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> deadLettersOf(eventId).size() >= count);
        return deadLettersOf(eventId);
    }

    /** A message with StockReserved's CloudEvents headers and whatever payload. */
    private void publishRaw(String topic, String key, UUID eventId, String payload) {
        var type = EventTypes.of(StockReserved.class);
        var metadata = new EventMetadata(eventId.toString(), type.type(), type.source(), Instant.now(), key, null);
        var record = new ProducerRecord<String, byte[]>(topic, key, payload.getBytes(StandardCharsets.UTF_8));
        metadata.toHeaders()
                .forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
        shopEventKafkaTemplate.send(record).join();
    }
}
