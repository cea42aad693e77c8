package dev.shop.catalog.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.shop.catalog.IntegrationTestSupport;
import dev.shop.catalog.product.ProductResponse;
import dev.shop.common.events.EventMetadata;
import dev.shop.common.events.EventTypes;
import dev.shop.common.events.Money;
import dev.shop.common.events.Topics;
import dev.shop.common.events.cart.OrderPlaced;
import dev.shop.common.test.DeadLetterAdminClient;
import dev.shop.common.test.EventLog;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.JsonNode;

/**
 * catalog-service's dead-letter admin (common's): an order it cannot read is dead-lettered, an admin lists it and
 * replays it corrected, and its stock is reserved once however often it is replayed.
 */
class CatalogDeadLetterIntegrationTest extends IntegrationTestSupport {

    private static final String DEAD_LETTERS = "/api/catalog/admin/dead-letters";

    @Autowired
    KafkaTemplate<String, byte[]> shopEventKafkaTemplate;

    @Test
    void anOrderItCannotReadIsListedForAdminsAndACorrectedReplayReservesOnce() {
        var product = createProduct("Dead letter " + uniqueWord(), 1000, 5);
        var orderId = UUID.randomUUID();
        var eventId = UUID.randomUUID();
        // an OrderPlaced without its lines: nothing can be reserved for it, ever
        publishRaw(orderId, eventId, "{\"orderId\": \"" + orderId + "\", \"userId\": \"user-1\"}");

        var admin = new DeadLetterAdminClient(client, DEAD_LETTERS, adminToken());
        JsonNode letter = admin.awaitDeadLetter(eventId);
        assertThat(letter.path("topic").asString()).isEqualTo(Topics.ORDERS);
        assertThat(letter.path("id").asString()).startsWith(Topics.ORDERS + ".catalog-service.dlq-");
        assertThat(answers(orderId)).isEmpty();

        var corrected = placed(orderId, product);
        for (int i = 0; i < 2; i++) {
            admin.replay(letter.path("id").asString(), corrected).expectStatus().isAccepted();
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> !answers(orderId).isEmpty());
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(5))
                .until(() -> answers(orderId).size() == 1);
        assertThat(answers(orderId).getFirst().type()).isEqualTo("dev.shop.catalog.StockReserved");
        assertThat(reserved(product.id())).isEqualTo(2);
        assertThat(admin.replays(eventId)).hasSize(2);
    }

    @Test
    void isForAdminsOnly() {
        client.get()
                .uri(DEAD_LETTERS)
                .headers(headers -> headers.setBearerAuth(customerToken()))
                .exchange()
                .expectStatus()
                .isForbidden();
        client.get().uri(DEAD_LETTERS + "/replays").exchange().expectStatus().isUnauthorized();
        asAdmin()
                .post()
                .uri(DEAD_LETTERS + "/{id}/replay", "orders.v1.catalog-service.dlq-0-999999999")
                .exchange()
                .expectStatus()
                .isNotFound();
    }

    private int reserved(UUID product) {
        Integer reserved = database.sql("select reserved from product where id = :id")
                .bind("id", product)
                .map(row -> row.get("reserved", Integer.class))
                .one()
                .block(Duration.ofSeconds(5));
        return reserved == null ? -1 : reserved;
    }

    private static List<EventLog.Received> answers(UUID order) {
        return EventLog.get().byKey(Topics.INVENTORY, order);
    }

    private static OrderPlaced placed(UUID order, ProductResponse product) {
        var line = new OrderPlaced.Line(product.id(), product.sku(), product.name(), 2, product.price());
        return new OrderPlaced(
                order, "user-1", List.of(line), new Money(product.price().amount() * 2, "EUR"));
    }

    /** A message with OrderPlaced's CloudEvents headers and whatever payload, as cart-service's relay would send it. */
    private void publishRaw(UUID orderId, UUID eventId, String payload) {
        var type = EventTypes.of(OrderPlaced.class);
        var metadata = new EventMetadata(
                eventId.toString(), type.type(), type.source(), Instant.now(), orderId.toString(), null);
        var record = new ProducerRecord<String, byte[]>(
                type.topic(), orderId.toString(), payload.getBytes(StandardCharsets.UTF_8));
        metadata.toHeaders()
                .forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
        shopEventKafkaTemplate.send(record).join();
    }
}
