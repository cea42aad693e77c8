package dev.shop.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** The steps the tests repeat: products set up by the admin, a cart filled, a checkout, an order awaited. */
final class Shopping {

    static final String ADDRESS =
            "{\"name\":\"Eve Tester\",\"line1\":\"Teststrasse 1\",\"city\":\"Berlin\",\"postalCode\":\"10115\",\"country\":\"DE\"}";
    static final Set<String> FINAL = Set.of("CONFIRMED", "CANCELLED", "REFUNDED");

    private Shopping() {}

    /** A new product, as the admin creates it, with its own SKU; returns its id. */
    static String newProduct(String name, long priceCents, int stock) {
        var sku = "E2E-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        var created =
                ShopClient.admin().post("/api/catalog/products", """
                        {"sku":"%s","name":"%s","description":"made by the e2e suite","category":"home-kitchen",
                         "price":{"amount":%d,"currency":"EUR"},"stock":%d}""".formatted(sku, name, priceCents, stock), null);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.json().path("id").asString();
    }

    /** Puts {@code quantity} of the product in the cart, waiting for cart-service to learn of a new product. */
    static JsonNode addToCart(ShopClient customer, String productId, int quantity) {
        var answer = new ShopClient.Response[1];
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    answer[0] = customer.put("/api/cart/items/" + productId, "{\"quantity\":" + quantity + "}");
                    return answer[0].status() != 404;
                });
        assertThat(answer[0].status()).as(answer[0].text()).isEqualTo(200);
        return answer[0].json();
    }

    static ShopClient.Response checkout(ShopClient customer, String paymentMethod) {
        return customer.post(
                "/api/cart/checkout",
                "{\"paymentMethod\":\"%s\",\"shippingAddress\":%s}".formatted(paymentMethod, ADDRESS),
                UUID.randomUUID().toString());
    }

    /** Polls the order until the saga has moved it to a final state; returns it. */
    static JsonNode awaitFinal(ShopClient customer, String orderId) {
        var order = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    order[0] = customer.get("/api/orders/" + orderId).json();
                    return FINAL.contains(order[0].path("status").asString());
                });
        return order[0];
    }

    /** The available stock the catalog shows for a product (on hand minus reserved). */
    static long availableStock(String productId) {
        var product = ShopClient.anonymous().get("/api/catalog/products/" + productId);
        assertThat(product.status()).as(product.text()).isEqualTo(200);
        return product.json().path("stock").asLong();
    }
}
