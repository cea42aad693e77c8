package dev.shop.localstack.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.shop.localstack.Ports;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The simulator over real HTTP, as payment-service and a {@code ./shop up} user reach it. */
class PaymentSimulatorIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static PaymentSimulator simulator;
    private static HttpClient http;

    @BeforeAll
    static void start() {
        simulator = new PaymentSimulator(Ports.free());
        simulator.start();
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @AfterEach
    void clearFaults() {
        simulator.clearFaults();
    }

    @Test
    void chargesAVisaCardOnceWhenAnIntentIsCreatedAndConfirmed() throws Exception {
        var order = UUID.randomUUID();

        var created = post("/v1/payment_intents", createParams(order, 2599, "pm_card_visa"), "create-" + order);
        assertThat(created.statusCode()).isEqualTo(200);
        var intent = json(created);
        assertThat(intent.path("status").asString()).isEqualTo("requires_confirmation");
        assertThat(intent.path("metadata").path("order_id").asString()).isEqualTo(order.toString());
        assertThat(simulator.charges(order))
                .as("nothing charged before confirm")
                .isEmpty();

        var confirmed = post(confirmPath(intent), Map.of(), "confirm-" + order);

        assertThat(confirmed.statusCode()).isEqualTo(200);
        assertThat(json(confirmed).path("status").asString()).isEqualTo("succeeded");
        assertThat(json(confirmed).path("amount_received").asLong()).isEqualTo(2599);
        assertThat(simulator.charges(order)).singleElement().satisfies(charge -> {
            assertThat(charge.succeeded()).isTrue();
            assertThat(charge.amount()).isEqualTo(2599);
            assertThat(charge.currency()).isEqualTo("eur");
        });
        var retrieved = get("/v1/payment_intents/" + intent.path("id").asString());
        assertThat(json(retrieved).path("status").asString()).isEqualTo("succeeded");
    }

    @Test
    void declinesChargeDeclinedWith402CardDeclined() throws Exception {
        var order = UUID.randomUUID();
        var intent = json(post("/v1/payment_intents", createParams(order, 1000, "pm_card_chargeDeclined"), null));

        var confirmed = post(confirmPath(intent), Map.of(), null);

        assertThat(confirmed.statusCode()).isEqualTo(402);
        var error = json(confirmed).path("error");
        assertThat(error.path("type").asString()).isEqualTo("card_error");
        assertThat(error.path("code").asString()).isEqualTo("card_declined");
        assertThat(error.path("payment_intent").path("status").asString()).isEqualTo("requires_payment_method");
        assertThat(simulator.charges(order)).singleElement().satisfies(charge -> {
            assertThat(charge.succeeded()).isFalse();
            assertThat(charge.failureCode()).isEqualTo("card_declined");
        });
    }

    @Test
    void replaysAKeysFirstResultEvenA500() throws Exception {
        var order = UUID.randomUUID();
        simulator.inject(FaultPlan.errors(500).only("create").times(1));

        var first = post("/v1/payment_intents", createParams(order, 1000, "pm_card_visa"), "k-" + order);
        var again = post("/v1/payment_intents", createParams(order, 1000, "pm_card_visa"), "k-" + order);
        var otherKey = post("/v1/payment_intents", createParams(order, 1000, "pm_card_visa"), "k2-" + order);

        assertThat(first.statusCode()).isEqualTo(500);
        assertThat(again.statusCode())
                .as("the stored 500, though the fault is spent")
                .isEqualTo(500);
        assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(otherKey.statusCode()).isEqualTo(200);
    }

    @Test
    void replaysASuccessWithTheSameIntent() throws Exception {
        var order = UUID.randomUUID();
        var first = json(post("/v1/payment_intents", createParams(order, 1000, "pm_card_visa"), "r-" + order));
        var again = post("/v1/payment_intents", createParams(order, 1000, "pm_card_visa"), "r-" + order);

        assertThat(json(again).path("id").asString()).isEqualTo(first.path("id").asString());
        assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
    }

    @Test
    void refusesAKeyReusedWithOtherParameters() throws Exception {
        var order = UUID.randomUUID();
        post("/v1/payment_intents", createParams(order, 1000, "pm_card_visa"), "p-" + order);

        var other = post("/v1/payment_intents", createParams(order, 1001, "pm_card_visa"), "p-" + order);

        assertThat(other.statusCode()).isEqualTo(400);
        assertThat(json(other).path("error").path("type").asString()).isEqualTo("idempotency_error");
    }

    @Test
    void answers409WhileTheKeysFirstRequestStillRunsAndChargesOnce() throws Exception {
        var order = UUID.randomUUID();
        var intent = json(post("/v1/payment_intents", createParams(order, 1500, "pm_card_visa"), null));
        simulator.inject(
                FaultPlan.latencyOf(Duration.ofMillis(1500)).only("confirm").times(1));

        var slow = CompletableFuture.supplyAsync(() -> postUnchecked(confirmPath(intent), "c-" + order));
        await().atMost(Duration.ofSeconds(10)).until(() -> simulator.keyInUse("c-" + order));
        var meanwhile = post(confirmPath(intent), Map.of(), "c-" + order);
        var first = slow.get();
        var after = post(confirmPath(intent), Map.of(), "c-" + order);

        assertThat(meanwhile.statusCode()).isEqualTo(409);
        assertThat(json(meanwhile).path("error").path("code").asString()).isEqualTo("idempotency_key_in_use");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(after.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(simulator.charges(order)).hasSize(1);
    }

    @Test
    void refusesToConfirmASucceededIntentAgainWithAnotherKey() throws Exception {
        var order = UUID.randomUUID();
        var intent = json(post("/v1/payment_intents", createParams(order, 700, "pm_card_visa"), null));
        post(confirmPath(intent), Map.of(), "once-" + order);

        var second = post(confirmPath(intent), Map.of(), "twice-" + order);

        assertThat(second.statusCode()).isEqualTo(400);
        assertThat(json(second).path("error").path("code").asString()).isEqualTo("payment_intent_unexpected_state");
        assertThat(simulator.charges(order)).hasSize(1);
    }

    @Test
    void resetsTheConnectionAfterChargingAndReplaysTheSuccessToTheRetry() throws Exception {
        var order = UUID.randomUUID();
        var intent = json(post("/v1/payment_intents", createParams(order, 900, "pm_card_visa"), null));
        simulator.inject(FaultPlan.resets().only("confirm").times(1));

        assertThatThrownBy(() -> post(confirmPath(intent), Map.of(), "reset-" + order))
                .isInstanceOf(IOException.class);
        var retry = post(confirmPath(intent), Map.of(), "reset-" + order);

        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(simulator.charges(order)).hasSize(1);
    }

    @Test
    void aProcessed500ChargedWhileTheAnswerSaysOtherwise() throws Exception {
        var order = UUID.randomUUID();
        var intent = json(post("/v1/payment_intents", createParams(order, 900, "pm_card_visa"), null));
        simulator.inject(FaultPlan.errors(500).afterProcessing().only("confirm").times(1));

        var answer = post(confirmPath(intent), Map.of(), "after-" + order);

        assertThat(answer.statusCode()).isEqualTo(500);
        assertThat(json(get("/v1/payment_intents/" + intent.path("id").asString()))
                        .path("status")
                        .asString())
                .isEqualTo("succeeded");
        assertThat(simulator.charges(order)).hasSize(1);
    }

    @Test
    void isUnreachableWhileDownAndRunsNothing() throws Exception {
        var order = UUID.randomUUID();
        simulator.inject(FaultPlan.outage());

        assertThatThrownBy(() -> post("/v1/payment_intents", createParams(order, 100, "pm_card_visa"), "down-" + order))
                .isInstanceOf(IOException.class);
        simulator.clearFaults();
        var after = post("/v1/payment_intents", createParams(order, 100, "pm_card_visa"), "down-" + order);

        assertThat(after.statusCode()).as("the key was never used").isEqualTo(200);
        assertThat(after.headers().firstValue("Idempotent-Replayed")).isEmpty();
    }

    @Test
    void refusesAMissingOrWrongSecretKey() throws Exception {
        var noKey = http.send(
                HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/v1/payment_intents/pi_x"))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        var wrongKey = http.send(
                HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/v1/payment_intents/pi_x"))
                        .header("Authorization", "Bearer sk_test_wrong")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(noKey.statusCode()).isEqualTo(401);
        assertThat(wrongKey.statusCode()).isEqualTo(401);
        assertThat(json(wrongKey).path("error").path("code").asString()).isEqualTo("api_key_invalid");
    }

    @Test
    void refusesUpperCaseCurrencyAndConfirmWithoutARedirectPolicy() throws Exception {
        var order = UUID.randomUUID();
        var params = createParams(order, 100, "pm_card_visa");
        params.put("currency", "EUR");
        var upper = post("/v1/payment_intents", params, "upper-" + order);
        var retried = post("/v1/payment_intents", createParams(order, 100, "pm_card_visa"), "upper-" + order);

        var redirects = createParams(order, 100, "pm_card_visa");
        redirects.remove("automatic_payment_methods[allow_redirects]");
        var intent = json(post("/v1/payment_intents", redirects, null));
        var confirm = post(confirmPath(intent), Map.of(), null);

        assertThat(upper.statusCode()).isEqualTo(400);
        assertThat(json(upper).path("error").path("param").asString()).isEqualTo("currency");
        assertThat(retried.statusCode())
                .as("a parameter error keeps nothing for the key")
                .isEqualTo(200);
        assertThat(confirm.statusCode()).isEqualTo(400);
        assertThat(json(confirm).path("error").path("message").asString()).contains("return_url");
        assertThat(simulator.charges(order)).isEmpty();
    }

    @Test
    void refundsASucceededPaymentOnce() throws Exception {
        var order = UUID.randomUUID();
        var intent = json(post("/v1/payment_intents", createParams(order, 4200, "pm_card_visa"), null));
        post(confirmPath(intent), Map.of(), null);

        var refund =
                post("/v1/refunds", Map.of("payment_intent", intent.path("id").asString()), "refund-" + order);
        var second =
                post("/v1/refunds", Map.of("payment_intent", intent.path("id").asString()), "refund2-" + order);

        assertThat(refund.statusCode()).isEqualTo(200);
        assertThat(json(refund).path("amount").asLong()).isEqualTo(4200);
        assertThat(second.statusCode()).isEqualTo(400);
        assertThat(json(second).path("error").path("code").asString()).isEqualTo("charge_already_refunded");
        assertThat(simulator.charges(order))
                .singleElement()
                .satisfies(charge -> assertThat(charge.amountRefunded()).isEqualTo(4200));
    }

    @Test
    void findsAnOrdersIntentsBySearchingTheirMetadataWithStripesQuerySyntax() throws Exception {
        var order = UUID.randomUUID();
        var first = json(post("/v1/payment_intents", createParams(order, 1500, "pm_card_visa"), null));
        var second = json(post("/v1/payment_intents", createParams(order, 1500, "pm_card_visa"), null));
        post(confirmPath(second), Map.of(), null);
        post("/v1/payment_intents", createParams(UUID.randomUUID(), 1500, "pm_card_visa"), null);

        var found = json(get(search("metadata['order_id']:'" + order + "'")));
        assertThat(found.path("object").asString()).isEqualTo("search_result");
        assertThat(found.path("url").asString()).isEqualTo("/v1/payment_intents/search");
        assertThat(found.path("data")
                        .valueStream()
                        .map(intent -> intent.path("id").asString()))
                .as("newest first")
                .containsExactly(second.path("id").asString(), first.path("id").asString());
        var succeeded = json(get(search("metadata[\"order_id\"]:\"" + order + "\" AND status:'succeeded'")));
        assertThat(succeeded
                        .path("data")
                        .valueStream()
                        .map(intent -> intent.path("id").asString()))
                .containsExactly(second.path("id").asString());

        var paged = json(get(search("metadata['order_id']:'" + order + "'") + "&limit=1"));
        assertThat(paged.path("has_more").asBoolean()).isTrue();
        var next = json(get(search("metadata['order_id']:'" + order + "'") + "&limit=1&page="
                + paged.path("next_page").asString()));
        assertThat(next.path("data").get(0).path("id").asString())
                .isEqualTo(first.path("id").asString());
        assertThat(next.path("has_more").asBoolean()).isFalse();
        assertThat(next.path("next_page").isString()).isFalse();

        for (String bad : new String[] {"order_id = x", "status:'succeeded' AND amount:1 OR currency:'eur'", ""}) {
            var refused = get(search(bad));
            assertThat(refused.statusCode()).as(bad).isEqualTo(400);
            assertThat(json(refused).path("error").path("param").asString()).isEqualTo("query");
        }
    }

    @Test
    void listsIntentsNewestFirstInPages() throws Exception {
        var order = UUID.randomUUID();
        var created = new java.util.ArrayList<String>();
        for (int i = 0; i < 3; i++) {
            created.add(json(post("/v1/payment_intents", createParams(order, 100 + i, "pm_card_visa"), null))
                    .path("id")
                    .asString());
        }

        var page = json(get("/v1/payment_intents?limit=2"));
        assertThat(page.path("object").asString()).isEqualTo("list");
        assertThat(page.path("has_more").asBoolean()).isTrue();
        assertThat(page.path("data")
                        .valueStream()
                        .map(intent -> intent.path("id").asString()))
                .containsExactly(created.get(2), created.get(1));
        var after = json(get("/v1/payment_intents?limit=1&starting_after=" + created.get(1)));
        assertThat(after.path("data").get(0).path("id").asString()).isEqualTo(created.get(0));
        assertThat(get("/v1/payment_intents?limit=101").statusCode()).isEqualTo(400);
        assertThat(get("/v1/payment_intents?starting_after=pi_unknown").statusCode())
                .isEqualTo(404);
    }

    private static String search(String query) {
        return "/v1/payment_intents/search?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8);
    }

    @Test
    void switchesFaultsAndReportsChargesOverItsAdminApi() throws Exception {
        var order = UUID.randomUUID();
        var put = admin("PUT", "/simulator/faults", "{\"operation\":\"confirm\",\"error_rate\":1,\"count\":1}");
        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(json(put).path("remaining").asInt()).isEqualTo(1);
        var intent = json(post("/v1/payment_intents", createParams(order, 1234, "pm_card_visa"), null));
        assertThat(post(confirmPath(intent), Map.of(), null).statusCode()).isEqualTo(500);
        assertThat(post(confirmPath(intent), Map.of(), null).statusCode()).isEqualTo(200);

        var charges = admin("GET", "/simulator/charges?order_id=" + order, null);

        assertThat(charges.statusCode()).isEqualTo(200);
        assertThat(json(charges).path("succeeded").asInt()).isEqualTo(1);
        assertThat(json(charges).path("amount_charged").asLong()).isEqualTo(1234);
        assertThat(json(charges).path("data").get(0).path("payment_intent").asString())
                .isEqualTo(intent.path("id").asString());
        assertThat(admin("PUT", "/simulator/faults", "{\"error_rate\":2}").statusCode())
                .isEqualTo(400);
        assertThat(admin("PUT", "/simulator/faults", "{\"latency\":5}").statusCode())
                .isEqualTo(400);
        assertThat(admin("PUT", "/simulator/faults", "not json").statusCode()).isEqualTo(400);
        assertThat(simulator.faults()).isEqualTo(FaultPlan.none());
        assertThat(admin("DELETE", "/simulator/faults", null).statusCode()).isEqualTo(200);
        assertThat(json(admin("GET", "/simulator/requests", null))
                        .path("requests")
                        .path("confirm")
                        .asLong())
                .isPositive();
    }

    private static Map<String, String> createParams(UUID order, long amount, String paymentMethod) {
        var params = new LinkedHashMap<String, String>();
        params.put("amount", Long.toString(amount));
        params.put("currency", "eur");
        params.put("payment_method", paymentMethod);
        params.put("metadata[order_id]", order.toString());
        params.put("automatic_payment_methods[enabled]", "true");
        params.put("automatic_payment_methods[allow_redirects]", "never");
        return params;
    }

    private static String confirmPath(JsonNode intent) {
        return "/v1/payment_intents/" + intent.path("id").asString() + "/confirm";
    }

    private static HttpResponse<String> post(String path, Map<String, String> params, @Nullable String key)
            throws IOException, InterruptedException {
        var form = params.entrySet().stream()
                .map(entry -> URLEncoder.encode(entry.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        var request = HttpRequest.newBuilder(URI.create(simulator.baseUrl() + path))
                .header("Authorization", "Bearer " + simulator.secretKey())
                .header("Stripe-Version", "2024-06-20")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> postUnchecked(String path, String key) {
        try {
            return post(path, Map.of(), key);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(simulator.baseUrl() + path))
                        .header("Authorization", "Bearer " + simulator.secretKey())
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> admin(String method, String path, @Nullable String body)
            throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(simulator.baseUrl() + path))
                        .header("Content-Type", "application/json")
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }
}
