package dev.shop.localstack.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.shop.localstack.Ports;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The simulator's signed webhooks, received by a plain HTTP server standing in for payment-service. */
class PaymentSimulatorWebhooksIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One webhook request as the receiver got it. */
    record Received(String signature, byte[] body) {
        JsonNode json() {
            return JSON.readTree(body);
        }
    }

    private static PaymentSimulator simulator;
    private static HttpServer receiver;
    private static HttpClient http;
    private static final List<Received> received = new CopyOnWriteArrayList<>();
    /** How many of the next webhook requests the receiver answers 500. */
    private static final AtomicInteger failNext = new AtomicInteger();

    @BeforeAll
    static void start() throws IOException {
        simulator = new PaymentSimulator(Ports.free());
        simulator.start();
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/api/payments/webhook", exchange -> {
            var body = exchange.getRequestBody().readAllBytes();
            var status = failNext.getAndUpdate(n -> Math.max(n - 1, 0)) > 0 ? 500 : 200;
            if (status == 200) {
                received.add(new Received(exchange.getRequestHeaders().getFirst("Stripe-Signature"), body));
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() {
        receiver.stop(0);
        simulator.close();
    }

    @BeforeEach
    void deliverToTheReceiver() {
        received.clear();
        failNext.set(0);
        simulator
                .webhooks()
                .target(URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/api/payments/webhook"))
                .deliver();
    }

    @Test
    void sendsASignedPaymentIntentSucceededEventForACharge() throws Exception {
        long started = Instant.now().getEpochSecond();
        var intent = charge(UUID.randomUUID(), "pm_card_visa");

        var event = awaitEvent(intent, "payment_intent.succeeded");

        assertThat(event.json().path("id").asString()).startsWith("evt_");
        assertThat(event.json().path("data").path("object").path("status").asString())
                .isEqualTo("succeeded");
        var parts = Map.of(
                event.signature().split(",")[0].split("=")[0],
                        event.signature().split(",")[0].split("=")[1],
                event.signature().split(",")[1].split("=")[0],
                        event.signature().split(",")[1].split("=")[1]);
        var timestamp = Long.parseLong(parts.get("t"));
        // signed when sent: not before the test began, not after now
        assertThat(timestamp).isBetween(started, Instant.now().getEpochSecond());
        // the signature covers the exact bytes received, with the secret payment-service knows by default
        assertThat(parts.get("v1")).isEqualTo(WebhookSignature.v1(Webhooks.DEFAULT_SECRET, timestamp, event.body()));
        assertThat(parts.get("v1")).isNotEqualTo(WebhookSignature.v1("whsec_other", timestamp, event.body()));
    }

    @Test
    void sendsPaymentFailedForADeclineAndChargeRefundedForARefund() throws Exception {
        var declined = charge(UUID.randomUUID(), "pm_card_chargeDeclined");
        var paid = charge(UUID.randomUUID(), "pm_card_visa");
        var refund = post("/v1/refunds", Map.of("payment_intent", paid), "refund-" + paid);
        assertThat(refund.statusCode()).isEqualTo(200);

        var failed = awaitEvent(declined, "payment_intent.payment_failed");
        var refunded = awaitEventOfType("charge.refunded", paid);

        assertThat(failed.json()
                        .path("data")
                        .path("object")
                        .path("last_payment_error")
                        .path("type")
                        .asString())
                .isEqualTo("card_error");
        assertThat(refunded.json().path("data").path("object").path("refunded").asBoolean())
                .isTrue();
    }

    @Test
    void retriesADeliveryThatGetsNo2xx() throws Exception {
        failNext.set(2);

        var intent = charge(UUID.randomUUID(), "pm_card_visa");

        awaitEvent(intent, "payment_intent.succeeded");
        assertThat(simulator.webhooks().deliveries(intent)).singleElement().satisfies(delivery -> {
            assertThat(delivery.delivered()).isTrue();
            assertThat(delivery.attempts()).isEqualTo(3);
        });
    }

    @Test
    void holdsEventsUntilReleasedAndDropsThemWhenAsked() throws Exception {
        simulator.webhooks().hold();
        var held = charge(UUID.randomUUID(), "pm_card_visa");
        await().during(Duration.ofMillis(500))
                .atMost(Duration.ofSeconds(2))
                .until(() -> eventsAbout(held).isEmpty());
        simulator.webhooks().drop();
        var dropped = charge(UUID.randomUUID(), "pm_card_visa");

        simulator.webhooks().release();

        awaitEvent(held, "payment_intent.succeeded");
        assertThat(simulator.webhooks().deliveries(dropped))
                .singleElement()
                .satisfies(delivery -> assertThat(delivery.state()).isEqualTo("dropped"));
        assertThat(eventsAbout(dropped)).isEmpty();
    }

    @Test
    void configuresWebhooksOverTheAdminApi() throws Exception {
        var put = admin("PUT", "/simulator/webhooks", "{\"mode\":\"hold\",\"delay_ms\":0}");
        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(simulator.webhooks().mode()).isEqualTo(Webhooks.Mode.HOLD);
        var intent = charge(UUID.randomUUID(), "pm_card_visa");

        var listed = JSON.readTree(admin("GET", "/simulator/webhooks", null).body());
        assertThat(listed.path("data").toString()).contains(intent).contains("\"state\":\"held\"");
        assertThat(admin("POST", "/simulator/webhooks/release", null).statusCode())
                .isEqualTo(200);
        awaitEvent(intent, "payment_intent.succeeded");

        assertThat(admin("PUT", "/simulator/webhooks", "{\"mode\":\"sometimes\"}")
                        .statusCode())
                .isEqualTo(400);
        assertThat(admin("PUT", "/simulator/webhooks", "{\"url\":\"ftp://x\"}").statusCode())
                .isEqualTo(400);
        assertThat(admin("PUT", "/simulator/webhooks", "{\"colour\":1}").statusCode())
                .isEqualTo(400);
        assertThat(simulator.webhooks().mode()).isEqualTo(Webhooks.Mode.HOLD);
        simulator.webhooks().deliver();
    }

    /** Creates and confirms an intent for the order; returns its id. */
    private static String charge(UUID order, String paymentMethod) throws Exception {
        var created = post(
                "/v1/payment_intents",
                Map.of(
                        "amount", "1500",
                        "currency", "eur",
                        "payment_method", paymentMethod,
                        "metadata[order_id]", order.toString(),
                        "automatic_payment_methods[enabled]", "true",
                        "automatic_payment_methods[allow_redirects]", "never"),
                "create-" + order);
        var intent = JSON.readTree(created.body()).path("id").asString();
        post("/v1/payment_intents/" + intent + "/confirm", Map.of(), "confirm-" + order);
        return intent;
    }

    private static List<Received> eventsAbout(String intentId) {
        return received.stream()
                .filter(event -> {
                    var object = event.json().path("data").path("object");
                    return intentId.equals(object.path("id").asString())
                            || intentId.equals(object.path("payment_intent").asString());
                })
                .toList();
    }

    private static Received awaitEvent(String intentId, String type) {
        return awaitEventOfType(type, intentId);
    }

    private static Received awaitEventOfType(String type, String intentId) {
        return await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> eventsAbout(intentId).stream()
                                .filter(event ->
                                        type.equals(event.json().path("type").asString()))
                                .findFirst(),
                        java.util.Optional::isPresent)
                .orElseThrow();
    }

    private static HttpResponse<String> post(String path, Map<String, String> params, String key)
            throws IOException, InterruptedException {
        var form = params.entrySet().stream()
                .map(entry -> URLEncoder.encode(entry.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return http.send(
                HttpRequest.newBuilder(URI.create(simulator.baseUrl() + path))
                        .header("Authorization", "Bearer " + simulator.secretKey())
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Idempotency-Key", key)
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> admin(String method, String path, String body)
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
}
