package dev.shop.cart.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.shop.cart.IntegrationTestSupport;
import dev.shop.common.events.Topics;
import dev.shop.common.test.EventLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A customer's orders: reading, paging, cancelling; never another customer's. */
class OrderIntegrationTest extends IntegrationTestSupport {

    @Test
    void listsOnlyTheCustomersOwnOrdersNewestFirstInPages() {
        var alice = newShopper();
        var bob = newShopper();
        var lamp = announce(product("Lamp", 1000));
        var placed = new ArrayList<String>();
        for (int quantity = 1; quantity <= 3; quantity++) {
            placed.add(placeOrder(alice, lamp.productId(), quantity).path("id").asString());
        }
        placeOrder(bob, lamp.productId(), 1);

        var first = page(alice, "?page=0&size=2");
        var second = page(alice, "?page=1&size=2");

        assertThat(first.path("totalItems").asLong()).isEqualTo(3);
        assertThat(first.path("totalPages").asLong()).isEqualTo(2);
        assertThat(first.path("size").asInt()).isEqualTo(2);
        assertThat(ids(first)).containsExactly(placed.get(2), placed.get(1));
        assertThat(ids(second)).containsExactly(placed.get(0));
        assertThat(second.path("items")
                        .path(0)
                        .path("lines")
                        .path(0)
                        .path("quantity")
                        .asInt())
                .isEqualTo(1);
        assertThat(page(newShopper(), "").path("items").size()).isZero();
    }

    @Test
    void refusesBadPagingParameters() {
        var shopper = newShopper();
        for (var query : new String[] {"?page=-1", "?size=0", "?size=101", "?page=x"}) {
            as(shopper)
                    .get()
                    .uri(ORDERS + query)
                    .exchange()
                    .expectBody()
                    .consumeWith(validationOf(ORDERS, query.substring(1, query.indexOf('='))));
        }
    }

    @Test
    void hidesACustomersOrderFromAnotherCustomer() {
        var alice = newShopper();
        var bob = newShopper();
        var order = placeOrder(alice, announce(product("Lamp", 1000)).productId(), 1);
        var id = order.path("id").asString();

        as(bob).get()
                .uri(ORDERS + "/{id}", id)
                .exchange()
                .expectBody()
                .consumeWith(problem(404, "not-found", ORDERS + "/" + id));
        as(bob).post()
                .uri(ORDERS + "/{id}/cancel", id)
                .exchange()
                .expectBody()
                .consumeWith(problem(404, "not-found", ORDERS + "/" + id + "/cancel"));

        assertThat(status(alice, id)).as("bob's cancel changed nothing").isEqualTo("PENDING");
        assertThat(outboxEvents(id)).isEqualTo(1);
    }

    @Test
    void answersNotFoundForAnUnknownOrderAndValidationForAMalformedId() {
        var shopper = newShopper();
        var unknown = UUID.randomUUID();
        as(shopper)
                .get()
                .uri(ORDERS + "/{id}", unknown)
                .exchange()
                .expectBody()
                .consumeWith(problem(404, "not-found", ORDERS + "/" + unknown));
        as(shopper)
                .get()
                .uri(ORDERS + "/nope")
                .exchange()
                .expectBody()
                .consumeWith(validationOf(ORDERS + "/nope", "id"));
        as(shopper)
                .post()
                .uri(ORDERS + "/nope/cancel")
                .exchange()
                .expectBody()
                .consumeWith(validationOf(ORDERS + "/nope/cancel", "id"));
    }

    @Test
    void cancelsAnUnpaidOrderOnceAndPublishesOrderCancelled() {
        var shopper = newShopper();
        var order = placeOrder(shopper, announce(product("Lamp", 1000)).productId(), 2);
        var id = order.path("id").asString();

        var cancelled = cancel(shopper, id);
        var again = cancel(shopper, id);

        assertThat(cancelled.path("status").asString()).isEqualTo("CANCELLED");
        assertThat(cancelled.path("cancellationReason").asString()).isEqualTo("CUSTOMER_CANCELLED");
        assertThat(cancelled
                        .path("history")
                        .valueStream()
                        .map(change -> change.path("status").asString()))
                .containsExactly("PENDING", "CANCELLED");
        assertThat(again).as("a second cancel changes nothing").isEqualTo(cancelled);

        await().atMost(Duration.ofSeconds(20))
                .until(() -> EventLog.get().byKey(Topics.ORDERS, id).size() >= 2);
        var events = EventLog.get().byKey(Topics.ORDERS, id);
        assertThat(events.stream().map(EventLog.Received::type))
                .containsExactly("dev.shop.cart.OrderPlaced", "dev.shop.cart.OrderCancelled");
        assertThat(json.readTree(events.get(1).json()).path("reason").asString())
                .isEqualTo("CUSTOMER_CANCELLED");
        assertThat(outboxEvents(id)).isEqualTo(2);
    }

    @Test
    void cancelsAnOrderAwaitingPaymentButNotAPaidOne() {
        var shopper = newShopper();
        var lamp = announce(product("Lamp", 1000));
        var awaiting = placeOrder(shopper, lamp.productId(), 1).path("id").asString();
        var paid = placeOrder(shopper, lamp.productId(), 1).path("id").asString();
        // the saga's moves (next issue) stand in as direct updates of the row
        setStatus(awaiting, "AWAITING_PAYMENT", "REQUESTED");
        setStatus(paid, "CONFIRMED", "SUCCEEDED");

        assertThat(cancel(shopper, awaiting).path("status").asString()).isEqualTo("CANCELLED");
        as(shopper)
                .post()
                .uri(ORDERS + "/{id}/cancel", paid)
                .exchange()
                .expectBody()
                .consumeWith(problem(409, "order-not-cancellable", ORDERS + "/" + paid + "/cancel"))
                .jsonPath("$.orderStatus")
                .isEqualTo("CONFIRMED");

        assertThat(status(shopper, paid)).isEqualTo("CONFIRMED");
        assertThat(outboxEvents(paid)).as("only its OrderPlaced").isEqualTo(1);
    }

    private JsonNode placeOrder(Shopper shopper, UUID productId, int quantity) {
        putItem(shopper, productId, quantity);
        return checkedOut(shopper, "k-" + UUID.randomUUID(), checkoutBody(null));
    }

    private JsonNode page(Shopper shopper, String query) {
        return body(as(shopper)
                .get()
                .uri(ORDERS + query)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult());
    }

    private JsonNode cancel(Shopper shopper, String id) {
        return body(as(shopper)
                .post()
                .uri(ORDERS + "/{id}/cancel", id)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult());
    }

    private String status(Shopper shopper, String id) {
        return body(as(shopper)
                        .get()
                        .uri(ORDERS + "/{id}", id)
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody()
                        .returnResult())
                .path("status")
                .asString();
    }

    private void setStatus(String id, String status, String paymentStatus) {
        database.sql("update customer_order set status = :status, payment_status = :payment, version = version + 1 "
                        + "where id = :id")
                .bind("status", status)
                .bind("payment", paymentStatus)
                .bind("id", UUID.fromString(id))
                .then()
                .block();
    }

    private static List<String> ids(JsonNode page) {
        return page.path("items")
                .valueStream()
                .map(item -> item.path("id").asString())
                .toList();
    }
}
