package dev.shop.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Customers shopping through the gateway, against the whole running suite. */
class ShoppingE2eTest {

    @Test
    void aCustomerFindsAProductFillsTheCartAndChecksOutToAConfirmedOrder() {
        var productId = Shopping.newProduct("E2E reading lamp", 3490, 10);
        var buyer = ShopClient.newCustomer("buyer");
        var customer = buyer.client();

        var found = ShopClient.anonymous().get("/api/catalog/products?q=reading+lamp&size=100");
        assertThat(found.status()).isEqualTo(200);
        assertThat(found.json().path("items").valueStream())
                .anySatisfy(item -> assertThat(item.path("id").asString()).isEqualTo(productId));
        var cart = Shopping.addToCart(customer, productId, 2);
        assertThat(cart.path("total").path("amount").asLong()).isEqualTo(6980);

        var placed = Shopping.checkout(customer, "pm_card_visa");
        assertThat(placed.status()).as(placed.text()).isEqualTo(202);
        assertThat(placed.json().path("status").asString()).isEqualTo("PENDING");
        var orderId = placed.json().path("id").asString();
        assertThat(placed.location()).isEqualTo("/api/orders/" + orderId);
        var live = CompletableFuture.supplyAsync(() -> customer.events("/api/orders/" + orderId + "/events"));

        var order = Shopping.awaitFinal(customer, orderId);
        assertThat(order.path("status").asString()).as(order.toString()).isEqualTo("CONFIRMED");
        assertThat(order.path("paymentStatus").asString()).isEqualTo("SUCCEEDED");
        assertThat(customer.get("/api/cart").json().path("lines").size()).isZero();
        assertThat(Shopping.availableStock(productId)).isEqualTo(8);
        var charges = ShopUnderTest.get().stack().simulator().charges(java.util.UUID.fromString(orderId));
        assertThat(charges)
                .as("charges of the order")
                .singleElement()
                .satisfies(charge -> assertThat(charge.amount()).isEqualTo(6980));
        var payments = customer.get("/api/payments?orderId=" + orderId).json().path("items");
        assertThat(payments.get(0).path("status").asString()).isEqualTo("SUCCEEDED");
        var stream = live.join();
        assertThat(stream.status()).as(stream.text()).isEqualTo(200);
        assertThat(stream.text().lines().filter(line -> line.startsWith("data:")))
                .as("the order's events through the gateway, to the end of the stream")
                .satisfiesExactly(
                        pending -> assertThat(pending).contains("\"status\":\"PENDING\""),
                        awaiting -> assertThat(awaiting).contains("\"status\":\"AWAITING_PAYMENT\""),
                        confirmed -> assertThat(confirmed).contains("\"status\":\"CONFIRMED\""));
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(
                                ShopUnderTest.get().stack().mail().received())
                        .anySatisfy(mail -> {
                            assertThat(mail.getSubject()).isEqualTo("Your order " + orderId + " is confirmed");
                            assertThat(mail.getAllRecipients()[0].toString()).isEqualTo(buyer.email());
                        }));
    }

    @Test
    void aDeclinedCardCancelsTheOrderAndGivesTheStockBack() {
        var productId = Shopping.newProduct("E2E declined kettle", 2500, 4);
        var customer = ShopClient.newCustomer("declined").client();
        Shopping.addToCart(customer, productId, 3);

        var placed = Shopping.checkout(customer, "pm_card_chargeDeclined");
        assertThat(placed.status()).as(placed.text()).isEqualTo(202);

        var order = Shopping.awaitFinal(customer, placed.json().path("id").asString());
        assertThat(order.path("status").asString()).as(order.toString()).isEqualTo("CANCELLED");
        assertThat(order.path("cancellationReason").asString()).isEqualTo("PAYMENT_DECLINED");
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(
                        () -> assertThat(Shopping.availableStock(productId)).isEqualTo(4));
    }

    @Test
    void customersCannotReadOrChangeEachOthersCartsAndOrders() {
        var productId = Shopping.newProduct("E2E private mug", 1200, 20);
        var alice = ShopClient.newCustomer("alice").client();
        var bob = ShopClient.newCustomer("bob").client();
        Shopping.addToCart(alice, productId, 1);
        var aliceOrder =
                Shopping.checkout(alice, "pm_card_visa").json().path("id").asString();
        Shopping.addToCart(alice, productId, 5);

        assertThat(bob.get("/api/cart").json().path("lines").size()).isZero();
        var read = bob.get("/api/orders/" + aliceOrder);
        assertThat(read.status()).isEqualTo(404);
        assertThat(read.problem()).isEqualTo("not-found");
        assertThat(bob.post("/api/orders/" + aliceOrder + "/cancel", null, null).status())
                .isEqualTo(404);
        assertThat(bob.get("/api/orders").json().path("items").size()).isZero();
        assertThat(bob.delete("/api/cart").status()).isEqualTo(200);
        assertThat(alice.get("/api/cart")
                        .json()
                        .path("lines")
                        .get(0)
                        .path("quantity")
                        .asInt())
                .isEqualTo(5);
    }

    @Test
    void aPriceChangeShowsInTheCartAndAnOldExpectedTotalIsRefused() {
        var productId = Shopping.newProduct("E2E price-changing chair", 10000, 5);
        var customer = ShopClient.newCustomer("pricewatcher").client();
        Shopping.addToCart(customer, productId, 1);
        var admin = ShopClient.admin();
        var product = admin.get("/api/catalog/products/" + productId).json();

        var changed = admin.put("/api/catalog/products/" + productId, """
                {"sku":"%s","name":"%s","description":"now dearer","category":"home-kitchen",
                 "price":{"amount":12500,"currency":"EUR"}}""".formatted(
                        product.path("sku").asString(), product.path("name").asString()));
        assertThat(changed.status()).as(changed.text()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(customer.get("/api/cart")
                                .json()
                                .path("total")
                                .path("amount")
                                .asLong())
                        .isEqualTo(12500));
        var refused = customer.post(
                "/api/cart/checkout",
                "{\"paymentMethod\":\"pm_card_visa\",\"shippingAddress\":%s,\"expectedTotal\":{\"amount\":10000,\"currency\":\"EUR\"}}"
                        .formatted(Shopping.ADDRESS),
                java.util.UUID.randomUUID().toString());
        assertThat(refused.status()).as(refused.text()).isEqualTo(409);
        assertThat(refused.problem()).isEqualTo("price-changed");
        assertThat(customer.get("/api/cart").json().path("lines").size()).isEqualTo(1);
    }
}
