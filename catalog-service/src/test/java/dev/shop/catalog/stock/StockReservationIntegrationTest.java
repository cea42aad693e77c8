package dev.shop.catalog.stock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.shop.catalog.IntegrationTestSupport;
import dev.shop.catalog.product.ProductResponse;
import dev.shop.common.events.CloudEventHeaders;
import dev.shop.common.events.EventMetadata;
import dev.shop.common.events.EventTypes;
import dev.shop.common.events.Money;
import dev.shop.common.events.ShopEvent;
import dev.shop.common.events.Topics;
import dev.shop.common.events.cart.CancellationReason;
import dev.shop.common.events.cart.OrderCancelled;
import dev.shop.common.events.cart.OrderConfirmed;
import dev.shop.common.events.cart.OrderPlaced;
import dev.shop.common.events.cart.PaymentRequested;
import dev.shop.common.test.EventLog;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.KafkaTemplate;

/** Reservations through the real broker: the test plays cart-service, publishing the order saga's events. */
class StockReservationIntegrationTest extends IntegrationTestSupport {

    private static final String STOCK_RESERVED = "dev.shop.catalog.StockReserved";
    private static final String STOCK_REJECTED = "dev.shop.catalog.StockRejected";

    @Autowired
    KafkaTemplate<String, byte[]> shopEventKafkaTemplate;

    @Test
    void reservesExactlyTheLastFiveUnitsForTwentyConcurrentOrders() {
        var product = createProduct("Last units " + uniqueWord(), 1000, 5);
        read(product.id()); // cached: the reservations must show on the next read all the same
        var orders = IntStream.range(0, 20).mapToObj(i -> UUID.randomUUID()).toList();

        CompletableFuture.allOf(orders.stream()
                        .map(order -> send(placed(order, line(product, 1)), UUID.randomUUID()))
                        .toArray(CompletableFuture[]::new))
                .join();

        await().atMost(Duration.ofSeconds(30))
                .until(() -> orders.stream().allMatch(order -> !answers(order).isEmpty()));
        var answers = orders.stream().flatMap(order -> answers(order).stream()).toList();
        assertThat(answers).hasSize(20);
        assertThat(answers)
                .filteredOn(answer -> answer.type().equals(STOCK_RESERVED))
                .hasSize(5);
        assertThat(answers)
                .filteredOn(answer -> answer.type().equals(STOCK_REJECTED))
                .hasSize(15);
        for (var rejected :
                answers.stream().filter(a -> a.type().equals(STOCK_REJECTED)).toList()) {
            var line = json.readTree(rejected.json()).path("rejectedLines").path(0);
            assertThat(line.path("productId").asString()).isEqualTo(product.id().toString());
            assertThat(line.path("requested").asInt()).isEqualTo(1);
            assertThat(line.path("available").asInt()).isZero();
        }
        assertThat(stock(product.id())).isEqualTo(new Stock(5, 5));
        assertThat(read(product.id()).stock()).isZero();
    }

    @Test
    void reservesEveryLineOrNone() {
        var plenty = createProduct("Plenty " + uniqueWord(), 1000, 10);
        var scarce = createProduct("Scarce " + uniqueWord(), 1000, 1);
        var unknown = UUID.randomUUID();
        var order = UUID.randomUUID();

        send(
                        placed(
                                order,
                                line(plenty, 2),
                                line(scarce, 3),
                                new OrderPlaced.Line(unknown, "X", "Gone", 1, eur(5))),
                        UUID.randomUUID())
                .join();

        var answer = awaitAnswer(order);
        assertThat(answer.type()).isEqualTo(STOCK_REJECTED);
        var rejected = json.readTree(answer.json()).path("rejectedLines");
        assertThat(rejected.size()).isEqualTo(2);
        assertThat(rejected.valueStream()
                        .map(line -> line.path("productId").asString() + ":"
                                + line.path("requested").asInt() + "/"
                                + line.path("available").asInt()))
                .containsExactlyInAnyOrder(scarce.id() + ":3/1", unknown + ":1/0");
        assertThat(stock(plenty.id())).isEqualTo(new Stock(10, 0));
        assertThat(stock(scarce.id())).isEqualTo(new Stock(1, 0));
    }

    @Test
    void reservesAllLinesOfAnOrderAndAnswersWithThem() {
        var first = createProduct("First " + uniqueWord(), 1000, 10);
        var second = createProduct("Second " + uniqueWord(), 1000, 4);
        var order = UUID.randomUUID();

        send(placed(order, line(first, 2), line(second, 4), line(first, 1)), UUID.randomUUID())
                .join();

        var answer = awaitAnswer(order);
        assertThat(answer.type()).isEqualTo(STOCK_RESERVED);
        assertThat(json.readTree(answer.json())
                        .path("lines")
                        .valueStream()
                        .map(line -> line.path("productId").asString() + ":"
                                + line.path("quantity").asInt()))
                .containsExactlyInAnyOrder(first.id() + ":3", second.id() + ":4");
        assertThat(stock(first.id())).isEqualTo(new Stock(10, 3));
        assertThat(stock(second.id())).isEqualTo(new Stock(4, 4));
        assertThat(read(first.id()).stock()).isEqualTo(7);
    }

    @Test
    void reservesNothingTwiceForARedeliveredOrderPlaced() {
        var product = createProduct("Redelivered " + uniqueWord(), 1000, 10);
        var order = UUID.randomUUID();
        var placed = placed(order, line(product, 3));
        var eventId = UUID.randomUUID();
        var secondEventId = UUID.randomUUID();

        send(placed, eventId).join();
        send(placed, eventId).join(); // the same message again
        send(placed, secondEventId).join(); // the same order under a new ce_id

        awaitConsumed(secondEventId);
        assertThat(stock(product.id())).isEqualTo(new Stock(10, 3));
        assertThat(outboxAnswers(order)).containsExactly(STOCK_RESERVED);
        await().atMost(Duration.ofSeconds(20)).until(() -> !answers(order).isEmpty());
        assertThat(answers(order)).hasSize(1);
    }

    @Test
    void releasesACancelledOrdersReservationExactlyOnce() {
        var product = createProduct("Released " + uniqueWord(), 1000, 10);
        var cancelled = UUID.randomUUID();
        var kept = UUID.randomUUID();
        send(placed(cancelled, line(product, 3)), UUID.randomUUID()).join();
        send(placed(kept, line(product, 4)), UUID.randomUUID()).join();
        awaitAnswer(cancelled);
        awaitAnswer(kept);
        assertThat(stock(product.id())).isEqualTo(new Stock(10, 7));

        var cancel = new OrderCancelled(cancelled, CancellationReason.PAYMENT_DECLINED);
        var cancelId = UUID.randomUUID();
        var secondCancelId = UUID.randomUUID();
        send(cancel, cancelId).join();
        send(cancel, cancelId).join();
        send(cancel, secondCancelId).join();

        awaitConsumed(secondCancelId);
        assertThat(stock(product.id()))
                .as("only the cancelled order's 3 units came back")
                .isEqualTo(new Stock(10, 4));
        assertThat(read(product.id()).stock()).isEqualTo(6);
    }

    @Test
    void turnsAReservationIntoASaleOnConfirmation() {
        var product = createProduct("Sold " + uniqueWord(), 1000, 10);
        var order = UUID.randomUUID();
        send(placed(order, line(product, 2)), UUID.randomUUID()).join();
        awaitAnswer(order);
        long versionBefore = read(product.id()).version();

        var confirmed = new OrderConfirmed(order, "user-1", eur(2000));
        send(confirmed, UUID.randomUUID()).join();
        send(confirmed, UUID.randomUUID()).join();
        var cancelAfterSale = UUID.randomUUID();
        send(new OrderCancelled(order, CancellationReason.TIMED_OUT), cancelAfterSale)
                .join();

        awaitConsumed(cancelAfterSale);
        assertThat(stock(product.id())).as("sold once, not released afterwards").isEqualTo(new Stock(8, 0));
        var after = read(product.id());
        assertThat(after.stock()).isEqualTo(8);
        assertThat(after.version()).as("a sale changes nothing a client sees").isEqualTo(versionBefore);
    }

    @Test
    void makesALateOrderPlacedReserveNothingAfterItsCancel() {
        var product = createProduct("Late " + uniqueWord(), 1000, 10);
        var order = UUID.randomUUID();
        var placedId = UUID.randomUUID();

        send(new OrderCancelled(order, CancellationReason.TIMED_OUT), UUID.randomUUID())
                .join();
        send(placed(order, line(product, 2)), placedId).join();

        awaitConsumed(placedId);
        assertThat(stock(product.id())).isEqualTo(new Stock(10, 0));
        assertThat(outboxAnswers(order)).isEmpty();
    }

    @Test
    void refusesStockOnHandBelowWhatIsReserved() {
        var product = createProduct("Counted " + uniqueWord(), 1000, 10);
        var order = UUID.randomUUID();
        send(placed(order, line(product, 6)), UUID.randomUUID()).join();
        awaitAnswer(order);

        asAdmin()
                .put()
                .uri(PRODUCTS + "/{id}/stock", product.id())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"onHand\": 5}")
                .exchange()
                .expectBody()
                .consumeWith(problem(409, "conflict", PRODUCTS + "/" + product.id() + "/stock"))
                .jsonPath("$.reserved")
                .isEqualTo(6);
        assertThat(stock(product.id())).isEqualTo(new Stock(10, 6));

        asAdmin()
                .put()
                .uri(PRODUCTS + "/{id}/stock", product.id())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"onHand\": 6}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.stock")
                .isEqualTo(0);
    }

    @Test
    void skipsOrderEventsItHasNoUseFor() {
        var order = UUID.randomUUID();
        var paymentRequested = UUID.randomUUID();
        var marker = UUID.randomUUID();

        send(new PaymentRequested(order, "user-1", eur(100), "pm_card_visa"), paymentRequested)
                .join();
        send(new OrderCancelled(order, CancellationReason.TIMED_OUT), marker).join();

        awaitConsumed(marker);
        assertThat(consumed(paymentRequested)).isFalse();
        assertThat(EventLog.get().byKey(Topics.INVENTORY, order)).isEmpty();
    }

    record Stock(int onHand, int reserved) {}

    private Stock stock(UUID product) {
        return Objects.requireNonNull(database.sql("select on_hand, reserved from product where id = :id")
                .bind("id", product)
                .map(row -> new Stock(
                        Objects.requireNonNull(row.get("on_hand", Integer.class)),
                        Objects.requireNonNull(row.get("reserved", Integer.class))))
                .one()
                .block());
    }

    private static OrderPlaced placed(UUID order, OrderPlaced.Line... lines) {
        long total = 0;
        for (var line : lines) {
            total += line.unitPrice().amount() * line.quantity();
        }
        return new OrderPlaced(order, "user-1", List.of(lines), eur(total));
    }

    private static OrderPlaced.Line line(ProductResponse product, int quantity) {
        return new OrderPlaced.Line(product.id(), product.sku(), product.name(), quantity, product.price());
    }

    private static Money eur(long amount) {
        return new Money(amount, "EUR");
    }

    /** Publishes like cart-service's relay does: JSON of the record, CloudEvents headers, the order id as key. */
    private CompletableFuture<?> send(ShopEvent event, UUID eventId) {
        var type = EventTypes.of(event);
        var metadata =
                new EventMetadata(eventId.toString(), type.type(), type.source(), Instant.now(), event.key(), null);
        var record = new ProducerRecord<String, byte[]>(type.topic(), event.key(), json.writeValueAsBytes(event));
        metadata.toHeaders()
                .forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
        assertThat(metadata.toHeaders()).containsKey(CloudEventHeaders.ID);
        return shopEventKafkaTemplate.send(record);
    }

    private List<EventLog.Received> answers(UUID order) {
        return EventLog.get().byKey(Topics.INVENTORY, order);
    }

    private EventLog.Received awaitAnswer(UUID order) {
        await().atMost(Duration.ofSeconds(20)).until(() -> !answers(order).isEmpty());
        return answers(order).getFirst();
    }

    private void awaitConsumed(UUID eventId) {
        await().atMost(Duration.ofSeconds(20)).until(() -> consumed(eventId));
    }

    private boolean consumed(UUID eventId) {
        return Boolean.TRUE.equals(
                database.sql("select exists (select 1 from consumed_event where consumer_group = 'catalog-service' "
                                + "and event_id = :id) as found")
                        .bind("id", eventId.toString())
                        .map(row -> row.get("found", Boolean.class))
                        .one()
                        .block());
    }

    /** The answers for an order committed to the outbox, in order: the deterministic count, before any relay. */
    private List<String> outboxAnswers(UUID order) {
        return new ArrayList<>(database.sql(
                        "select event_type from outbox_event where topic = :topic and event_key = :key order by id")
                .bind("topic", Topics.INVENTORY)
                .bind("key", order.toString())
                .map(row -> Objects.requireNonNull(row.get("event_type", String.class)))
                .all()
                .collectList()
                .block());
    }
}
