package dev.shop.cart.product;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.shop.cart.IntegrationTestSupport;
import dev.shop.common.events.catalog.ProductDeleted;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/** The read model through the real broker: the test publishes catalog's events in every order. */
class ProductReadModelIntegrationTest extends IntegrationTestSupport {

    @Test
    void takesANewerVersionAndIgnoresAnOlderOneThatArrivesLate() {
        var shopper = newShopper();
        var v1 = product("Lamp", 1000);
        announce(revised(v1, 1200, true, 3));

        var lateMarker = UUID.randomUUID();
        publish(v1, UUID.randomUUID()); // version 1 arrives after version 3
        publish(revised(v1, 1100, true, 2), lateMarker);
        await().atMost(Duration.ofSeconds(20)).until(() -> consumed(lateMarker));

        assertThat(readModelVersion(v1.productId())).isEqualTo(3L);
        var cart = putItem(shopper, v1.productId(), 1);
        assertThat(cart.path("lines").path(0).path("unitPrice").path("amount").asLong())
                .as("the price of version 3")
                .isEqualTo(1200);
    }

    @Test
    void keepsTheMainImageOfTheNewestVersion() {
        var plain = announce(product("Frame", 700));
        assertThat(imageUrl(plain.productId())).isNull();

        var pictured = announce(withImage(revised(plain, 700, true, 2)));
        assertThat(imageUrl(plain.productId())).isEqualTo(pictured.imageUrl());

        announce(revised(plain, 700, true, 3));
        assertThat(imageUrl(plain.productId())).as("its image removed").isNull();
    }

    private @Nullable String imageUrl(UUID productId) {
        return database.sql("select image_url from product where id = :id")
                .bind("id", productId)
                .map(row -> Optional.ofNullable(row.get("image_url", String.class)))
                .one()
                .block()
                .orElse(null);
    }

    @Test
    void ignoresARedeliveredEventAndAnEqualVersion() {
        var product = announce(product("Mug", 500));
        var eventId = UUID.randomUUID();
        var sameVersionOtherPrice = revised(product, 999, true, 1);

        publish(sameVersionOtherPrice, eventId);
        publish(sameVersionOtherPrice, eventId);
        await().atMost(Duration.ofSeconds(20)).until(() -> consumed(eventId));

        assertThat(price(product.productId())).isEqualTo(500);
    }

    @Test
    void refusesToAddADeletedProductAndKeepsItDeletedAgainstOlderUpserts() {
        var shopper = newShopper();
        var product = announce(product("Chair", 5000));
        publish(new ProductDeleted(product.productId(), 2), UUID.randomUUID());
        awaitReadModelVersion(product.productId(), 2);
        var late = UUID.randomUUID();
        publish(product, late); // the version-1 upsert again, late
        await().atMost(Duration.ofSeconds(20)).until(() -> consumed(late));

        addExpectingNotFound(shopper, product.productId());
        assertThat(cart(shopper).path("lines").size()).isZero();
    }

    @Test
    void keepsATombstoneForADeletionSeenBeforeAnyUpsert() {
        var shopper = newShopper();
        var product = product("Desk", 9000);
        publish(new ProductDeleted(product.productId(), 2), UUID.randomUUID());
        awaitReadModelVersion(product.productId(), 2);
        var late = UUID.randomUUID();
        publish(product, late);
        await().atMost(Duration.ofSeconds(20)).until(() -> consumed(late));

        addExpectingNotFound(shopper, product.productId());
    }

    @Test
    void refusesAnInactiveProductAndTakesItBackWhenItIsActiveAgain() {
        var shopper = newShopper();
        var product = announce(product("Shelf", 3000));
        announce(revised(product, 3000, false, 2));

        addExpectingNotFound(shopper, product.productId());

        announce(revised(product, 3000, true, 3));
        assertThat(putItem(shopper, product.productId(), 2)
                        .path("total")
                        .path("amount")
                        .asLong())
                .isEqualTo(6000);
    }

    @Test
    void answersNotFoundForAProductWhoseEventHasNotArrived() {
        var shopper = newShopper();
        var unknown = UUID.randomUUID();

        as(shopper)
                .put()
                .uri(CART + "/items/{id}", unknown)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("quantity", 1))
                .exchange()
                .expectBody()
                .consumeWith(problem(404, "not-found", CART + "/items/" + unknown))
                .jsonPath("$.detail")
                .value(detail -> assertThat((String) detail).contains("a moment ago"));
    }

    private void addExpectingNotFound(Shopper shopper, UUID productId) {
        as(shopper)
                .put()
                .uri(CART + "/items/{id}", productId)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("quantity", 1))
                .exchange()
                .expectBody()
                .consumeWith(problem(404, "not-found", CART + "/items/" + productId));
    }

    private long price(UUID productId) {
        return count("select price_amount from product where id = :id", "id", productId);
    }
}
