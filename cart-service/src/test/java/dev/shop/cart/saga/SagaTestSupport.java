package dev.shop.cart.saga;

import static org.awaitility.Awaitility.await;

import dev.shop.cart.IntegrationTestSupport;
import dev.shop.common.events.EventTypes;
import dev.shop.common.events.ShopEvent;
import dev.shop.common.events.Topics;
import dev.shop.common.events.catalog.StockRejected;
import dev.shop.common.events.catalog.StockReserved;
import dev.shop.common.events.payment.PaymentFailed;
import dev.shop.common.events.payment.PaymentFailureReason;
import dev.shop.common.events.payment.PaymentRefunded;
import dev.shop.common.events.payment.PaymentSucceeded;
import dev.shop.common.test.EventLog;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** Orders placed over HTTP, and catalog's and payment's events about them published to the broker by the test. */
abstract class SagaTestSupport extends IntegrationTestSupport {

    /** An order the test can move: its id, total and customer. */
    record Placed(UUID id, long total, Shopper shopper) {}

    Placed placeOrder() {
        return placeOrder(newShopper());
    }

    Placed placeOrder(Shopper shopper) {
        var lamp = announce(withImage(product("Lamp", 1250)));
        putItem(shopper, lamp.productId(), 2);
        JsonNode order = checkedOut(shopper, "k-" + UUID.randomUUID(), checkoutBody(null));
        return new Placed(
                UUID.fromString(order.path("id").asString()),
                order.path("total").path("amount").asLong(),
                shopper);
    }

    static StockReserved stockReserved(Placed order) {
        return new StockReserved(order.id(), List.of());
    }

    static StockRejected stockRejected(Placed order) {
        return new StockRejected(order.id(), List.of());
    }

    static PaymentSucceeded paymentSucceeded(Placed order) {
        return new PaymentSucceeded(order.id(), paymentId(order), eur(order.total()));
    }

    static PaymentFailed paymentFailed(Placed order, PaymentFailureReason reason) {
        return new PaymentFailed(order.id(), paymentId(order), reason);
    }

    static PaymentRefunded paymentRefunded(Placed order) {
        return new PaymentRefunded(order.id(), paymentId(order), eur(order.total()));
    }

    // payment-service has one payment per order
    private static UUID paymentId(Placed order) {
        return UUID.nameUUIDFromBytes(order.id().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Publishes the event with a fresh {@code ce_id} and waits until cart-service has consumed it; its id. */
    UUID deliver(ShopEvent event) {
        UUID eventId = UUID.randomUUID();
        deliver(event, eventId);
        return eventId;
    }

    /** Publishes the event with this {@code ce_id} (again, for a redelivery) and waits until it is consumed. */
    void deliver(ShopEvent event, UUID eventId) {
        publish(event, eventId);
        await().atMost(Duration.ofSeconds(30)).until(() -> consumed(eventId));
    }

    /**
     * Publishes a redelivery (an id already consumed), then a marker after it on the same topic and partition (same
     * key), and waits for the marker: by then the redelivery has been handled. The marker is an event that changes
     * nothing for the order at that point.
     */
    void redeliver(ShopEvent event, UUID eventId, ShopEvent marker) {
        if (!EventTypes.of(event).topic().equals(EventTypes.of(marker).topic())
                || !event.key().equals(marker.key())) {
            throw new IllegalArgumentException("The marker must follow the event on its partition");
        }
        publish(event, eventId);
        deliver(marker);
    }

    JsonNode order(Placed order) {
        return body(as(order.shopper())
                .get()
                .uri(ORDERS + "/{id}", order.id())
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult());
    }

    String status(Placed order) {
        return order(order).path("status").asString();
    }

    List<String> history(Placed order) {
        return order(order)
                .path("history")
                .valueStream()
                .map(change -> change.path("status").asString()
                        + (change.path("reason").isString()
                                ? "/" + change.path("reason").asString()
                                : ""))
                .toList();
    }

    /** The events cart-service published about the order, by type name ({@code PaymentRequested}, ...). */
    List<EventLog.Received> published(Placed order, String type) {
        return EventLog.get().byKey(Topics.ORDERS, order.id()).stream()
                .filter(record -> record.type().endsWith("." + type))
                .toList();
    }

    void awaitPublished(Placed order, String type, int count) {
        await().atMost(Duration.ofSeconds(20))
                .until(() -> published(order, type).size() >= count);
    }
}
