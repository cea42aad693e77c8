package dev.shop.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A steady stream of purchases through the gateway, as shoppers make them: every {@code period} the next customer (in
 * turn) puts one unit of the product in the cart and checks out with a new {@code Idempotency-Key}. No client retries:
 * what the shop answers is what is counted.
 *
 * <p>Every answer is sorted: 2xx; a problem (any 4xx or 5xx but 500 whose body is {@code application/problem+json}; a
 * 503 without {@code Retry-After} is noted too); or broken: a 5xx that is not a problem, a 500 (the shop's own failure,
 * where a part being down should be a 503), or no answer within {@link #CLIENT_TIMEOUT} (longer than every route's
 * timeout, so a hang past it is the shop's). Bounded: at most
 * {@code maxCheckouts} purchases, and it stops when {@link #stop() stopped}.
 */
final class CheckoutLoad implements AutoCloseable {

    /** Longer than the gateway's longest route timeout for these calls (cart: 10 s). */
    static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(15);

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String gatewayUrl;
    private final List<ShopClient> customers;
    private final String productId;
    private final int maxCheckouts;
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService shoppers = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicInteger started = new AtomicInteger();

    private final Set<String> accepted = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> refusals = new ConcurrentHashMap<>();
    private final AtomicInteger problemsWithoutRetryAfter = new AtomicInteger();
    private final List<String> broken = new CopyOnWriteArrayList<>();
    private final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();

    CheckoutLoad(String gatewayUrl, List<ShopClient> customers, String productId, int maxCheckouts) {
        this.gatewayUrl = gatewayUrl;
        this.customers = List.copyOf(customers);
        this.productId = productId;
        this.maxCheckouts = maxCheckouts;
    }

    /** Starts a purchase every {@code period}. */
    CheckoutLoad start(Duration period) {
        clock.scheduleAtFixedRate(
                () -> {
                    int number = started.getAndIncrement();
                    if (number < maxCheckouts) {
                        shoppers.submit(() -> purchase(customers.get(number % customers.size())));
                    }
                },
                0,
                period.toMillis(),
                TimeUnit.MILLISECONDS);
        return this;
    }

    /** Starts no more purchases and waits for those under way to get their answers. */
    void stop() {
        clock.shutdownNow();
        shoppers.shutdown();
        try {
            if (!shoppers.awaitTermination(CLIENT_TIMEOUT.multipliedBy(3).toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("purchases still under way after the client timeout");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        clock.shutdownNow();
        shoppers.shutdownNow();
    }

    private void purchase(ShopClient customer) {
        var added = send(customer, "PUT", "/api/cart/items/" + productId, "{\"quantity\":1}", null);
        if (added == null || added.statusCode() != 200) {
            refusedWith(added);
            return;
        }
        var checkout = send(
                customer,
                "POST",
                "/api/cart/checkout",
                "{\"paymentMethod\":\"pm_card_visa\",\"shippingAddress\":%s}".formatted(Shopping.ADDRESS),
                UUID.randomUUID().toString());
        if (checkout != null && checkout.statusCode() == 202) {
            accepted.add(ShopClient.JSON.readTree(checkout.body()).path("id").asString());
        } else {
            refusedWith(checkout);
        }
    }

    /** Counts a purchase refused, by what refused it: the status and problem type, or no answer at all. */
    private void refusedWith(HttpResponse<String> answer) {
        var why = answer == null ? "no answer" : answer.statusCode() + " " + problemType(answer);
        refusals.computeIfAbsent(why, key -> new AtomicInteger()).incrementAndGet();
    }

    private static String problemType(HttpResponse<String> answer) {
        try {
            var type = ShopClient.JSON.readTree(answer.body()).path("type").asString();
            return type.isEmpty() ? "(no problem type)" : type.substring(type.lastIndexOf('/') + 1);
        } catch (RuntimeException notJson) {
            return "(not JSON)";
        }
    }

    private HttpResponse<String> send(
            ShopClient customer, String method, String path, String json, String idempotencyKey) {
        var request = HttpRequest.newBuilder(URI.create(gatewayUrl + path))
                .timeout(CLIENT_TIMEOUT)
                .header("Accept", "application/json")
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + customer.token())
                .header("X-Forwarded-For", customer.address())
                .method(method, HttpRequest.BodyPublishers.ofString(json));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        try {
            var response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            statuses.computeIfAbsent(response.statusCode(), status -> new AtomicInteger())
                    .incrementAndGet();
            classify(method + " " + path, response);
            return response;
        } catch (HttpTimeoutException e) {
            broken.add(method + " " + path + ": no answer within " + CLIENT_TIMEOUT.toSeconds() + " s");
        } catch (IOException e) {
            broken.add(method + " " + path + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    private void classify(String call, HttpResponse<String> response) {
        int status = response.statusCode();
        if (status < 400) {
            return;
        }
        boolean problem = response.headers()
                .firstValue("Content-Type")
                .filter(type -> type.startsWith("application/problem+json"))
                .isPresent();
        if (!problem) {
            broken.add(call + ": " + status + " without a problem body: " + abbreviated(response.body()));
        } else if (status == 500) {
            // a part being down is a 503 that says when to come back; a 500 is the shop failing by itself
            broken.add(call + ": 500 " + abbreviated(response.body()));
        } else if (status == 503 && response.headers().firstValue("Retry-After").isEmpty()) {
            problemsWithoutRetryAfter.incrementAndGet();
        }
    }

    private static String abbreviated(String body) {
        return body.length() <= 200 ? body : body.substring(0, 200) + "...";
    }

    int attempted() {
        return Math.min(started.get(), maxCheckouts);
    }

    /** The ids of the orders whose checkout was answered 202. */
    Set<String> accepted() {
        return Set.copyOf(accepted);
    }

    int refused() {
        return refusals.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** The refused purchases by what refused them, e.g. {@code "503 service-unavailable" -> 12}. */
    Map<String, Integer> refusals() {
        var counts = new TreeMap<String, Integer>();
        refusals.forEach((why, count) -> counts.put(why, count.get()));
        return counts;
    }

    List<String> broken() {
        return List.copyOf(broken);
    }

    int problemsWithoutRetryAfter() {
        return problemsWithoutRetryAfter.get();
    }

    Map<Integer, Integer> statuses() {
        var counts = new TreeMap<Integer, Integer>();
        statuses.forEach((status, count) -> counts.put(status, count.get()));
        return counts;
    }
}
