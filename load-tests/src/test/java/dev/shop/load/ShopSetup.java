package dev.shop.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import org.awaitility.Awaitility;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the benchmark needs before the load, made through the gateway as clients make it: products an admin creates
 * (with stock that never runs out), customers who register and log in, and cart-service having heard of every
 * product. Afterwards, the orders as their customers read them.
 */
final class ShopSetup {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final String gateway;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newFixedThreadPool(4))
            .build();

    ShopSetup(String gateway) {
        this.gateway = gateway;
    }

    /** An access token of {@code email}. */
    String login(String email, String password) {
        var answer = send(
                "POST",
                "/api/auth/token",
                null,
                "{\"username\":\"%s\",\"password\":\"%s\"}".formatted(email, password));
        check(answer, 200, "log in " + email);
        return answer.json.path("access_token").asString();
    }

    /** {@code count} products, each with stock that the run cannot exhaust; their ids. */
    List<String> products(String adminToken, int count) {
        var ids = new ArrayList<String>();
        for (int i = 0; i < count; i++) {
            var sku = "LOAD-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
            var product = send("POST", "/api/catalog/products", adminToken, """
                    {"sku":"%s","name":"Load test lamp %d","description":"for the checkout benchmark",
                     "category":"home-kitchen","price":{"amount":%d,"currency":"EUR"},"stock":1000000000}""".formatted(sku, i, 1000 + 100 * i));
            check(product, 201, "create a product");
            ids.add(product.json.path("id").asString());
        }
        return ids;
    }

    /** {@code count} new customers, registered and logged in, eight at a time; their tokens. */
    List<String> customers(int count) throws InterruptedException {
        var tokens = new ConcurrentLinkedQueue<String>();
        var registrations = new ArrayList<CompletableFuture<Void>>();
        var gate = new Semaphore(8);
        for (int i = 0; i < count; i++) {
            gate.acquire();
            var email = "load-" + UUID.randomUUID().toString().substring(0, 12) + "@example.com";
            var password = "load-password-" + UUID.randomUUID();
            registrations.add(CompletableFuture.runAsync(() -> {
                        var registered = send("POST", "/api/auth/register", null, """
                                {"email":"%s","password":"%s","firstName":"Load","lastName":"Tester"}""".formatted(email, password));
                        check(registered, 201, "register " + email);
                        tokens.add(login(email, password));
                    })
                    .whenComplete((ok, e) -> gate.release()));
        }
        CompletableFuture.allOf(registrations.toArray(CompletableFuture[]::new)).join();
        return List.copyOf(tokens);
    }

    /** Waits until cart-service, which learns of products from catalog's events, takes each in a cart. */
    void awaitProductsInCarts(String customerToken, List<String> productIds) {
        for (var productId : productIds) {
            Awaitility.await("cart-service learns of product " + productId)
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> send("PUT", "/api/cart/items/" + productId, customerToken, "{\"quantity\":1}").status
                            == 200);
            send("DELETE", "/api/cart/items/" + productId, customerToken, null);
        }
    }

    /** The order as its customer reads it; null when it cannot be read now. */
    JsonNode order(String customerToken, String orderId) {
        var answer = send("GET", "/api/orders/" + orderId, customerToken, null);
        return answer.status == 200 ? answer.json : null;
    }

    record Answer(int status, JsonNode json, String text) {}

    Answer send(String method, String path, String token, String body) {
        var request = HttpRequest.newBuilder(URI.create(gateway + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            var response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            var text = response.body();
            JsonNode json = text.startsWith("{") ? JSON.readTree(text) : JSON.missingNode();
            return new Answer(response.statusCode(), json, text);
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void check(Answer answer, int status, String what) {
        if (answer.status != status) {
            throw new IllegalStateException(what + ": " + answer.status + " " + answer.text);
        }
    }
}
