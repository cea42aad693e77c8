package dev.shop.cart.cart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shop.cart.IntegrationTestSupport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/** Carts through HTTP, priced by the read model that the test feeds through the broker. */
class CartIntegrationTest extends IntegrationTestSupport {

    @Test
    void showsAnEmptyCartToANewCustomer() {
        var cart = cart(newShopper());

        assertThat(cart.path("lines").size()).isZero();
        assertThat(cart.path("total").path("amount").asLong()).isZero();
        assertThat(cart.path("total").path("currency").asString()).isEqualTo("EUR");
        assertThat(cart.path("maxLines").asInt()).isEqualTo(5);
    }

    @Test
    void pricesLinesAndTotalAtTheCurrentPrices() {
        var shopper = newShopper();
        var lamp = announce(product("Lamp", 1999));
        var mug = announce(product("Mug", 450));

        putItem(shopper, lamp.productId(), 2);
        var cart = putItem(shopper, mug.productId(), 3);

        assertThat(lines(cart)).containsExactly(lamp.productId() + " x2 = 3998", mug.productId() + " x3 = 1350");
        assertThat(cart.path("total").path("amount").asLong()).isEqualTo(5348);
        assertThat(cart.path("itemCount").asInt()).isEqualTo(5);
        assertThat(cart.path("lines").path(0).path("sku").asString()).isEqualTo(lamp.sku());
        assertThat(cart.path("lines").path(0).path("name").asString()).isEqualTo("Lamp");

        announce(revised(lamp, 1500, true, 2));
        assertThat(cart(shopper).path("total").path("amount").asLong())
                .as("a new price shows at once")
                .isEqualTo(3000 + 1350);
    }

    @Test
    void marksALineWhosePriceChangedSinceItWasAddedAndKeepsThePriceOfTheFirstAdd() {
        var shopper = newShopper();
        var lamp = announce(product("Lamp", 1999));
        var mug = announce(product("Mug", 450));
        putItem(shopper, lamp.productId(), 1);
        var before = putItem(shopper, mug.productId(), 1);
        assertThat(before.path("lines")
                        .valueStream()
                        .map(line -> line.path("priceChanged").asBoolean()))
                .containsOnly(false);
        assertThat(before.path("lines")
                        .path(0)
                        .path("priceWhenAdded")
                        .path("amount")
                        .asLong())
                .isEqualTo(1999);

        announce(revised(lamp, 2499, true, 2));
        var after = putItem(shopper, lamp.productId(), 2); // a new quantity is no new add: the first price stays

        var lampLine = after.path("lines").path(0);
        assertThat(lampLine.path("productId").asString())
                .isEqualTo(lamp.productId().toString());
        assertThat(lampLine.path("priceChanged").asBoolean()).isTrue();
        assertThat(lampLine.path("priceWhenAdded").path("amount").asLong()).isEqualTo(1999);
        assertThat(lampLine.path("priceWhenAdded").path("currency").asString()).isEqualTo("EUR");
        assertThat(lampLine.path("unitPrice").path("amount").asLong()).isEqualTo(2499);
        assertThat(after.path("lines").path(1).path("priceChanged").asBoolean()).isFalse();
        assertThat(after.path("total").path("amount").asLong()).isEqualTo(2 * 2499 + 450);

        announce(revised(lamp, 1999, true, 3));
        assertThat(cart(shopper).path("lines").path(0).path("priceChanged").asBoolean())
                .as("back at the price it was added at")
                .isFalse();
    }

    @Test
    void setsTheQuantityRatherThanAddingToItAndRemovesALineAtZero() {
        var shopper = newShopper();
        var lamp = announce(product("Lamp", 1000));
        var mug = announce(product("Mug", 100));
        putItem(shopper, lamp.productId(), 5);
        putItem(shopper, mug.productId(), 1);

        assertThat(lines(putItem(shopper, lamp.productId(), 99))).contains(lamp.productId() + " x99 = 99000");
        var cart = putItem(shopper, lamp.productId(), 0);

        assertThat(lines(cart)).containsExactly(mug.productId() + " x1 = 100");
        assertThat(cart.path("total").path("amount").asLong()).isEqualTo(100);
    }

    @Test
    void removesALineAndEmptiesTheCart() {
        var shopper = newShopper();
        var lamp = announce(product("Lamp", 1000));
        var mug = announce(product("Mug", 100));
        putItem(shopper, lamp.productId(), 1);
        putItem(shopper, mug.productId(), 1);

        var afterRemove = body(as(shopper)
                .delete()
                .uri(CART + "/items/{id}", lamp.productId())
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult());
        assertThat(lines(afterRemove)).containsExactly(mug.productId() + " x1 = 100");

        var afterClear = body(as(shopper)
                .delete()
                .uri(CART)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult());
        assertThat(afterClear.path("lines").size()).isZero();
        assertThat(cart(shopper).path("total").path("amount").asLong()).isZero();
    }

    @Test
    void keepsALineWhoseProductWentAwayOutOfTheTotalAndLetsTheCustomerRemoveIt() {
        var shopper = newShopper();
        var lamp = announce(product("Lamp", 1000));
        var mug = announce(product("Mug", 100));
        putItem(shopper, lamp.productId(), 1);
        putItem(shopper, mug.productId(), 2);

        announce(revised(lamp, 1000, false, 2));
        var cart = cart(shopper);
        assertThat(cart.path("lines").path(0).path("available").asBoolean()).isFalse();
        assertThat(cart.path("total").path("amount").asLong()).isEqualTo(200);

        var removed = body(as(shopper)
                .put()
                .uri(CART + "/items/{id}", lamp.productId())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("quantity", 0))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult());
        assertThat(lines(removed)).containsExactly(mug.productId() + " x2 = 200");
    }

    @Test
    void refusesAnotherDifferentProductBeyondTheLineLimitButStillChangesExistingLines() {
        var shopper = newShopper();
        UUID first = null;
        for (int i = 0; i < 5; i++) {
            var product = announce(product("Item " + i, 100));
            putItem(shopper, product.productId(), 1);
            if (first == null) {
                first = product.productId();
            }
        }
        var sixth = announce(product("One too many", 100));

        as(shopper)
                .put()
                .uri(CART + "/items/{id}", sixth.productId())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("quantity", 1))
                .exchange()
                .expectBody()
                .consumeWith(problem(409, "conflict", CART + "/items/" + sixth.productId()))
                .jsonPath("$.maxLines")
                .isEqualTo(5);

        assertThat(cart(shopper).path("lines").size()).isEqualTo(5);
        assertThat(putItem(shopper, first, 7).path("total").path("amount").asLong())
                .isEqualTo(700 + 400);
    }

    @Test
    void holdsTheLineLimitUnderConcurrentAdds() throws Exception {
        var shopper = newShopper();
        var products = new ArrayList<UUID>();
        for (int i = 0; i < 8; i++) {
            products.add(announce(product("Racing " + i, 100)).productId());
        }

        var statuses = new ConcurrentLinkedQueue<Integer>();
        try (var pool = Executors.newFixedThreadPool(8)) {
            var start = new CountDownLatch(1);
            var futures = products.stream()
                    .map(id -> pool.submit(() -> {
                        start.await();
                        statuses.add(as(shopper)
                                .put()
                                .uri(CART + "/items/{id}", id)
                                .contentType(MediaType.APPLICATION_JSON)
                                .bodyValue(Map.of("quantity", 1))
                                .exchange()
                                .returnResult(byte[].class)
                                .getStatus()
                                .value());
                        return null;
                    }))
                    .toList();
            start.countDown();
            for (var future : futures) {
                future.get();
            }
        }

        assertThat(statuses).filteredOn(status -> status == 200).hasSize(5);
        assertThat(statuses).filteredOn(status -> status == 409).hasSize(3);
        assertThat(cart(shopper).path("lines").size()).isEqualTo(5);
    }

    @Test
    void refusesQuantitiesOutOfRangeAndChangesNothing() {
        var shopper = newShopper();
        var lamp = announce(product("Lamp", 1000));
        putItem(shopper, lamp.productId(), 2);
        var path = CART + "/items/" + lamp.productId();

        for (Object body :
                new Object[] {Map.of("quantity", 100), Map.of("quantity", -1), Map.of("quantity", 1_000_000), Map.of()
                }) {
            as(shopper)
                    .put()
                    .uri(path)
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(body)
                    .exchange()
                    .expectBody()
                    .consumeWith(validationOf(path, "quantity"));
        }
        for (String body : new String[] {"{\"quantity\": \"two\"}", "not json", "[1]"}) {
            as(shopper)
                    .put()
                    .uri(path)
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(body)
                    .exchange()
                    .expectBody()
                    .consumeWith(problem(400, "malformed-request", path));
        }
        as(shopper)
                .put()
                .uri(path)
                .contentType(MediaType.TEXT_PLAIN)
                .bodyValue("3")
                .exchange()
                .expectBody()
                .consumeWith(problem(415, "unsupported-media-type", path));

        assertThat(lines(cart(shopper))).containsExactly(lamp.productId() + " x2 = 2000");
    }

    @Test
    void refusesAMalformedProductIdAndAnUnknownProductAndChangesNothing() {
        var shopper = newShopper();
        var lamp = announce(product("Lamp", 1000));
        putItem(shopper, lamp.productId(), 1);
        var unknown = UUID.randomUUID();

        as(shopper)
                .put()
                .uri(CART + "/items/not-a-uuid")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("quantity", 1))
                .exchange()
                .expectBody()
                .consumeWith(validationOf(CART + "/items/not-a-uuid", "productId"));
        as(shopper)
                .delete()
                .uri(CART + "/items/123")
                .exchange()
                .expectBody()
                .consumeWith(validationOf(CART + "/items/123", "productId"));
        as(shopper)
                .put()
                .uri(CART + "/items/{id}", unknown)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("quantity", 1))
                .exchange()
                .expectBody()
                .consumeWith(problem(404, "not-found", CART + "/items/" + unknown));

        assertThat(lines(cart(shopper))).containsExactly(lamp.productId() + " x1 = 1000");
    }

    @Test
    void neverShowsOrChangesAnotherCustomersCart() {
        var alice = newShopper();
        var bob = newShopper();
        var lamp = announce(product("Lamp", 1000));
        var mug = announce(product("Mug", 100));
        putItem(alice, lamp.productId(), 3);

        assertThat(cart(bob).path("lines").size()).isZero();
        putItem(bob, mug.productId(), 1);
        as(bob).delete()
                .uri(CART + "/items/{id}", lamp.productId())
                .exchange()
                .expectStatus()
                .isOk();
        as(bob).delete().uri(CART).exchange().expectStatus().isOk();

        assertThat(lines(cart(alice))).containsExactly(lamp.productId() + " x3 = 3000");
        assertThat(cart(bob).path("lines").size()).isZero();
    }

    private static List<String> lines(JsonNode cart) {
        return cart.path("lines")
                .valueStream()
                .map(line -> line.path("productId").asString() + " x"
                        + line.path("quantity").asInt() + " = "
                        + line.path("lineTotal").path("amount").asLong())
                .toList();
    }
}
