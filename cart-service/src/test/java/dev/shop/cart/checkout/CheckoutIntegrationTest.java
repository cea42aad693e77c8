package dev.shop.cart.checkout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.shop.cart.IntegrationTestSupport;
import dev.shop.common.events.Topics;
import dev.shop.common.test.EventLog;
import dev.shop.localstack.test.SharedLocalStack;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import reactor.core.publisher.Mono;

/** Checkout over real HTTP, PostgreSQL and Kafka, with real parallel requests where it matters. */
class CheckoutIntegrationTest extends IntegrationTestSupport {

    @Test
    void placesAPendingOrderEmptiesTheCartAndPublishesOrderPlacedOnce() {
        var shopper = newShopper();
        var lamp = announce(product("Lamp", 1999));
        var mug = announce(product("Mug", 450));
        putItem(shopper, lamp.productId(), 2);
        putItem(shopper, mug.productId(), 1);

        var result = checkout(shopper, "key-" + UUID.randomUUID(), checkoutBody(4448L))
                .expectStatus()
                .isAccepted()
                .expectBody()
                .returnResult();
        var order = body(result);
        var orderId = order.path("id").asString();

        assertThat(result.getResponseHeaders().getLocation()).hasToString("/api/orders/" + orderId);
        assertThat(order.path("status").asString()).isEqualTo("PENDING");
        assertThat(order.path("paymentStatus").asString()).isEqualTo("NOT_REQUESTED");
        assertThat(order.path("total").path("amount").asLong()).isEqualTo(4448);
        assertThat(order.path("email").asString()).isEqualTo(shopper.email());
        assertThat(order.path("paymentMethod").asString()).isEqualTo("pm_card_visa");
        assertThat(order.path("shippingAddress").path("country").asString()).isEqualTo("DE");
        assertThat(order.path("lines").size()).isEqualTo(2);
        assertThat(order.path("history").size()).isEqualTo(1);
        assertThat(order.path("history").path(0).path("status").asString()).isEqualTo("PENDING");
        assertThat(cart(shopper).path("lines").size()).isZero();

        var fetched = body(as(shopper)
                .get()
                .uri(ORDERS + "/{id}", orderId)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult());
        assertThat(fetched).isEqualTo(order);

        await().atMost(Duration.ofSeconds(20))
                .until(() -> !EventLog.get().byKey(Topics.ORDERS, orderId).isEmpty());
        var published = EventLog.get().byKey(Topics.ORDERS, orderId);
        assertThat(published).hasSize(1);
        assertThat(published.getFirst().type()).isEqualTo("dev.shop.cart.OrderPlaced");
        var event = json.readTree(published.getFirst().json());
        assertThat(event.path("orderId").asString()).isEqualTo(orderId);
        assertThat(event.path("userId").asString()).isEqualTo(shopper.id());
        assertThat(event.path("total").path("amount").asLong()).isEqualTo(4448);
        assertThat(event.path("lines")
                        .valueStream()
                        .map(line -> line.path("productId").asString() + ":"
                                + line.path("sku").asString() + ":"
                                + line.path("quantity").asInt() + "@"
                                + line.path("unitPrice").path("amount").asLong()))
                .containsExactly(
                        lamp.productId() + ":" + lamp.sku() + ":2@1999", mug.productId() + ":" + mug.sku() + ":1@450");
    }

    @Test
    void createsOneOrderForTenConcurrentCheckoutsWithOneKey() throws Exception {
        var shopper = newShopper();
        var lamp = announce(product("Lamp", 1000));
        putItem(shopper, lamp.productId(), 1);
        var key = "retry-" + UUID.randomUUID();
        var body = checkoutBody(1000L);

        var results =
                inParallel(10, () -> checkout(shopper, key, body).expectBody().returnResult());

        var accepted =
                results.stream().filter(r -> r.getStatus().value() == 202).toList();
        var inUse = results.stream().filter(r -> r.getStatus().value() == 409).toList();
        assertThat(accepted.size() + inUse.size()).as("only 202 and 409").isEqualTo(10);
        assertThat(accepted).isNotEmpty();
        assertThat(accepted.stream().map(r -> body(r).path("id").asString()).distinct())
                .hasSize(1);
        inUse.forEach(r -> {
            problem(409, "idempotency-key-in-use", CHECKOUT).accept(r);
            assertThat(r.getResponseHeaders().getFirst("Retry-After")).isEqualTo("1");
        });
        assertThat(ordersOf(shopper)).isEqualTo(1);

        String orderId = body(accepted.getFirst()).path("id").asString();
        var later = checkedOut(shopper, key, body);
        assertThat(later.path("id").asString()).as("the same key later").isEqualTo(orderId);

        checkout(shopper, key, checkoutBody(999L))
                .expectBody()
                .consumeWith(problem(422, "idempotency-key-mismatch", CHECKOUT));
        assertThat(ordersOf(shopper)).isEqualTo(1);
        assertThat(outboxEvents(orderId)).isEqualTo(1);
    }

    @Test
    void letsOnlyOneOfTwoConcurrentCheckoutsWithDifferentKeysTakeTheCart() throws Exception {
        var shopper = newShopper();
        var lamp = announce(product("Lamp", 1000));
        putItem(shopper, lamp.productId(), 2);

        var keys = List.of("first-" + UUID.randomUUID(), "second-" + UUID.randomUUID());
        var next = new AtomicInteger();
        var results = inParallel(
                2,
                () -> checkout(shopper, keys.get(next.getAndIncrement()), checkoutBody(null))
                        .expectBody()
                        .returnResult());

        assertThat(results.stream().map(r -> r.getStatus().value())).containsExactlyInAnyOrder(202, 422);
        results.stream().filter(r -> r.getStatus().value() == 422).forEach(problem(422, "empty-cart", CHECKOUT));
        assertThat(ordersOf(shopper)).isEqualTo(1);
    }

    @Test
    void answersARetryWithTheSameOrderAlthoughTheCartIsNowEmpty() {
        var shopper = newShopper();
        var lamp = announce(product("Lamp", 1000));
        putItem(shopper, lamp.productId(), 1);
        var key = "k-" + UUID.randomUUID();

        var first = checkedOut(shopper, key, checkoutBody(null));
        var retry = checkout(shopper, key, checkoutBody(null))
                .expectStatus()
                .isAccepted()
                .expectHeader()
                .location("/api/orders/" + first.path("id").asString())
                .expectBody()
                .returnResult();

        assertThat(body(retry)).isEqualTo(first);
        assertThat(ordersOf(shopper)).isEqualTo(1);
    }

    @Test
    void repeatsTheFirstResponseAfterTheOrderHasMovedOn() {
        var shopper = newShopper();
        putItem(shopper, announce(product("Lamp", 1000)).productId(), 1);
        var key = "k-" + UUID.randomUUID();
        var first = checkedOut(shopper, key, checkoutBody(null));
        var id = first.path("id").asString();
        as(shopper)
                .post()
                .uri(ORDERS + "/{id}/cancel", id)
                .exchange()
                .expectStatus()
                .isOk();

        var repeated = checkedOut(shopper, key, checkoutBody(null));

        assertThat(repeated).as("the first response, not the order's state now").isEqualTo(first);
        assertThat(repeated.path("status").asString()).isEqualTo("PENDING");
        as(shopper)
                .get()
                .uri(ORDERS + "/{id}", id)
                .exchange()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("CANCELLED");
    }

    @Test
    void treatsTheSameValuesInAnotherSpellingAsTheSameRequest() {
        var shopper = newShopper();
        var lamp = announce(product("Lamp", 1000));
        putItem(shopper, lamp.productId(), 1);
        var key = "k-" + UUID.randomUUID();
        var first = checkedOut(shopper, key, checkoutBody(null));

        var respelled = checkoutBody(null);
        respelled.put(
                "shippingAddress",
                Map.of(
                        "name", " Alice Example ",
                        "line1", "1 Main Street",
                        "line2", "",
                        "city", "Berlin",
                        "postalCode", "10115",
                        "country", "de"));
        assertThat(checkedOut(shopper, key, respelled).path("id")).isEqualTo(first.path("id"));
    }

    @Test
    void scopesKeysToTheCustomer() {
        var alice = newShopper();
        var bob = newShopper();
        var lamp = announce(product("Lamp", 1000));
        putItem(alice, lamp.productId(), 1);
        putItem(bob, lamp.productId(), 2);
        var key = "shared-" + UUID.randomUUID();

        var aliceOrder = checkedOut(alice, key, checkoutBody(null));
        var bobOrder = checkedOut(bob, key, checkoutBody(null));

        assertThat(bobOrder.path("id")).isNotEqualTo(aliceOrder.path("id"));
        assertThat(bobOrder.path("total").path("amount").asLong()).isEqualTo(2000);
    }

    @Test
    void refusesAnEmptyCartAndLetsTheKeyBeUsedOnceTheCartIsFilled() {
        var shopper = newShopper();
        var key = "k-" + UUID.randomUUID();

        checkout(shopper, key, checkoutBody(null)).expectBody().consumeWith(problem(422, "empty-cart", CHECKOUT));
        assertThat(ordersOf(shopper)).isZero();

        putItem(shopper, announce(product("Lamp", 1000)).productId(), 1);
        assertThat(checkedOut(shopper, key, checkoutBody(null)).path("status").asString())
                .isEqualTo("PENDING");
    }

    @Test
    void refusesACheckoutWhoseExpectedTotalIsNoLongerTheTotal() {
        var shopper = newShopper();
        var lamp = announce(product("Lamp", 1000));
        putItem(shopper, lamp.productId(), 2);
        announce(revised(lamp, 1100, true, 2));
        var key = "k-" + UUID.randomUUID();

        checkout(shopper, key, checkoutBody(2000L))
                .expectBody()
                .consumeWith(problem(409, "price-changed", CHECKOUT))
                .jsonPath("$.currentTotal.amount")
                .isEqualTo(2200)
                .jsonPath("$.expectedTotal.amount")
                .isEqualTo(2000);
        assertThat(ordersOf(shopper)).isZero();
        assertThat(cart(shopper).path("lines").size()).isEqualTo(1);

        assertThat(checkedOut(shopper, key, checkoutBody(2200L))
                        .path("total")
                        .path("amount")
                        .asLong())
                .as("the same key with the total the customer now agrees to")
                .isEqualTo(2200);
    }

    @Test
    void refusesACartWithAProductThatWentAway() {
        var shopper = newShopper();
        var lamp = announce(product("Lamp", 1000));
        var mug = announce(product("Mug", 100));
        putItem(shopper, lamp.productId(), 1);
        putItem(shopper, mug.productId(), 1);
        announce(revised(mug, 100, false, 2));

        checkout(shopper, "k-" + UUID.randomUUID(), checkoutBody(null))
                .expectBody()
                .consumeWith(problem(409, "conflict", CHECKOUT))
                .jsonPath("$.unavailableProducts[0]")
                .isEqualTo(mug.productId().toString());
        assertThat(ordersOf(shopper)).isZero();
        assertThat(cart(shopper).path("lines").size()).isEqualTo(2);
    }

    @Test
    void refusesMissingEmptyOverlongAndNonAsciiKeysAndChangesNothing() {
        var shopper = newShopper();
        putItem(shopper, announce(product("Lamp", 1000)).productId(), 1);

        for (String key : new String[] {null, "", "x".repeat(256), "schlüssel", "tab\there"}) {
            checkout(shopper, key, checkoutBody(null))
                    .expectBody()
                    .consumeWith(validationOf(CHECKOUT, "Idempotency-Key"));
        }
        // the header twice: not joined into one key "k-1,k-2"
        as(shopper)
                .post()
                .uri(CHECKOUT)
                .headers(headers -> headers.addAll("Idempotency-Key", List.of("k-1", "k-2")))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(checkoutBody(null))
                .exchange()
                .expectBody()
                .consumeWith(validationOf(CHECKOUT, "Idempotency-Key"));
        assertThat(ordersOf(shopper)).isZero();
        assertThat(cart(shopper).path("lines").size()).isEqualTo(1);
        assertThat(checkedOut(shopper, "x".repeat(255), checkoutBody(null))
                        .path("status")
                        .asString())
                .as("255 characters are fine")
                .isEqualTo("PENDING");
    }

    @Test
    void refusesBadAddressesPaymentMethodsAndTotalsAndChangesNothing() {
        var shopper = newShopper();
        putItem(shopper, announce(product("Lamp", 1000)).productId(), 1);

        Map<String, Map<String, Object>> cases = new LinkedHashMap<>();
        cases.put("shippingAddress", without(checkoutBody(null), "shippingAddress"));
        cases.put("shippingAddress.name", withAddress("name", " "));
        cases.put("shippingAddress.line1", withAddress("line1", null));
        cases.put("shippingAddress.city", withAddress("city", "c".repeat(101)));
        cases.put("shippingAddress.postalCode", withAddress("postalCode", "1".repeat(21)));
        cases.put("shippingAddress.line2", withAddress("line2", "l".repeat(201)));
        cases.put("shippingAddress.country", withAddress("country", "XX"));
        cases.put("shippingAddress.country ", withAddress("country", "DEU"));
        cases.put("shippingAddress.country  ", withAddress("country", null));
        cases.put("paymentMethod", without(checkoutBody(null), "paymentMethod"));
        cases.put("paymentMethod ", with(checkoutBody(null), "paymentMethod", "4242424242424242"));
        cases.put("paymentMethod  ", with(checkoutBody(null), "paymentMethod", "pm_" + "a".repeat(98)));
        cases.put("paymentMethod   ", with(checkoutBody(null), "paymentMethod", "pm_card visa"));
        cases.put(
                "expectedTotal.amount",
                with(checkoutBody(null), "expectedTotal", Map.of("amount", -1, "currency", "EUR")));
        cases.put(
                "expectedTotal.currency",
                with(checkoutBody(null), "expectedTotal", Map.of("amount", 1000, "currency", "USD")));

        cases.forEach((field, body) -> checkout(shopper, "k-" + UUID.randomUUID(), body)
                .expectBody()
                .consumeWith(validationOf(CHECKOUT, field.strip())));
        assertThat(ordersOf(shopper)).isZero();
        assertThat(cart(shopper).path("lines").size()).isEqualTo(1);
    }

    @Test
    void refusesABodyThatIsNotJsonOrNotAnObject() {
        var shopper = newShopper();
        for (String body : new String[] {"{", "[]", "{\"paymentMethod\": 5, \"shippingAddress\": \"here\"}"}) {
            checkout(shopper, "k-" + UUID.randomUUID(), body)
                    .expectBody()
                    .consumeWith(problem(400, "malformed-request", CHECKOUT));
        }
    }

    @Test
    void answersInUseWhileAnotherTransactionHoldsTheKeyAndFreesTheKeyWhenThatTransactionDies() {
        var shopper = newShopper();
        putItem(shopper, announce(product("Lamp", 1000)).productId(), 1);
        var key = new IdempotencyKey("crashing-" + UUID.randomUUID());

        // a checkout "in flight" on another connection: its transaction holds the key's lock and then its service dies
        var connection = Mono.from(ownConnectionFactory().create()).block();
        Objects.requireNonNull(connection);
        Mono.from(connection.beginTransaction()).block();
        var pid = Mono.from(connection
                        .createStatement("select pg_backend_pid() as pid, "
                                + "pg_try_advisory_xact_lock(hashtextextended($1, 0)) as locked")
                        .bind("$1", IdempotencyKeys.lockScope(shopper.id(), key))
                        .execute())
                .flatMap(result -> Mono.from(result.map(row -> row.get("pid", Integer.class))))
                .block();

        checkout(shopper, key.value(), checkoutBody(null))
                .expectBody()
                .consumeWith(problem(409, "idempotency-key-in-use", CHECKOUT));
        assertThat(ordersOf(shopper)).isZero();

        // the dead service's connection goes away: PostgreSQL ends its transaction and the lock with it
        assertThat(count(
                        "select count(*) from (select pg_terminate_backend(:pid)) t",
                        "pid",
                        Objects.requireNonNull(pid)))
                .isEqualTo(1);
        Mono.from(connection.close()).onErrorResume(e -> Mono.empty()).block();

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> checkout(shopper, key.value(), checkoutBody(null))
                        .expectStatus()
                        .isAccepted());
        assertThat(ordersOf(shopper)).isEqualTo(1);
    }

    @Test
    void startsAfreshWithAKeyOlderThanItsRetention() {
        var shopper = newShopper();
        var lamp = announce(product("Lamp", 1000));
        putItem(shopper, lamp.productId(), 1);
        var key = "old-" + UUID.randomUUID();
        var first = checkedOut(shopper, key, checkoutBody(null));
        database.sql("update idempotency_key set created_at = now() - interval '25 hours' "
                        + "where customer_id = :c and key = :k")
                .bind("c", shopper.id())
                .bind("k", key)
                .then()
                .block();
        putItem(shopper, lamp.productId(), 3);

        var second = checkedOut(shopper, key, checkoutBody(3000L));

        assertThat(second.path("id")).isNotEqualTo(first.path("id"));
        assertThat(ordersOf(shopper)).isEqualTo(2);
    }

    // not the service's pool: the connection is killed, and a pool would hand it out again
    private static ConnectionFactory ownConnectionFactory() {
        var postgres = SharedLocalStack.get().postgres();
        return ConnectionFactories.get(ConnectionFactoryOptions.parse(postgres.r2dbcUrl("cart"))
                .mutate()
                .option(ConnectionFactoryOptions.USER, postgres.username())
                .option(ConnectionFactoryOptions.PASSWORD, "")
                .build());
    }

    private List<EntityExchangeResult<byte[]>> inParallel(int requests, Callable<EntityExchangeResult<byte[]>> request)
            throws Exception {
        var start = new CountDownLatch(1);
        var results = new ArrayList<EntityExchangeResult<byte[]>>();
        try (var pool = Executors.newFixedThreadPool(requests)) {
            var futures = new ArrayList<Future<EntityExchangeResult<byte[]>>>();
            for (int i = 0; i < requests; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return request.call();
                }));
            }
            start.countDown();
            for (var future : futures) {
                results.add(future.get());
            }
        }
        return results;
    }

    private static Map<String, Object> without(Map<String, Object> body, String field) {
        body.remove(field);
        return body;
    }

    private static Map<String, Object> with(Map<String, Object> body, String field, Object value) {
        body.put(field, value);
        return body;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> withAddress(String field, Object value) {
        var body = checkoutBody(null);
        var address = new HashMap<>((Map<String, Object>) body.get("shippingAddress"));
        address.put(field, value);
        body.put("shippingAddress", address);
        return body;
    }
}
