package dev.shop.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * One trace follows a checkout: the client's W3C {@code traceparent} enters at the gateway, goes on to cart-service,
 * is stored with the {@code OrderPlaced} outbox row and sent in its Kafka headers, continues through catalog-service's
 * reservation to cart-service's {@code PaymentRequested}, into payment-service (whose log lines of the order carry the
 * trace id) and out to the payment provider, whose record of the charge names the trace it came with.
 */
class TracingE2eTest {

    private static final String ORDERS_TOPIC = "orders.v1";
    private static final String USERS_TOPIC = "users.v1";

    @Test
    void aCheckoutIsOneTraceFromTheGatewayToThePaymentProvider() throws IOException {
        var shop = ShopUnderTest.get();
        var traceId = HexFormat.of().formatHex(randomBytes(16));
        var clientSpanId = HexFormat.of().formatHex(randomBytes(8));
        var product = Shopping.newProduct("Traced lamp", 1_999, 5);
        var customer = ShopClient.newCustomer("trace").client();
        Shopping.addToCart(customer, product, 1);

        var checkout = Shopping.checkout(
                customer.withHeader("traceparent", "00-" + traceId + "-" + clientSpanId + "-01"), "pm_card_visa");
        assertThat(checkout.status()).as(checkout.text()).isEqualTo(202);
        var orderId = checkout.json().path("id").asString();
        assertThat(Shopping.awaitFinal(customer, orderId).path("status").asString())
                .isEqualTo("CONFIRMED");

        // the events of the order on the broker, as any consumer reads them
        var events = readEventsOf(orderId, List.of("dev.shop.cart.OrderPlaced", "dev.shop.cart.PaymentRequested"));
        for (var type : List.of("dev.shop.cart.OrderPlaced", "dev.shop.cart.PaymentRequested")) {
            var traceparent = events.get(type);
            assertThat(traceparent)
                    .as("traceparent of %s", type)
                    .isNotNull()
                    .matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
            assertThat(traceIdOf(traceparent)).as("trace of %s", type).isEqualTo(traceId);
            // not the client's span: the gateway and cart-service each added theirs before the event was written
            assertThat(traceparent).doesNotContain(clientSpanId);
        }

        // payment-service's log lines about the order, each a JSON object with the trace id
        var lines = linesAbout(shop, "payment-service", orderId);
        assertThat(lines).as("payment-service's log lines of order %s", orderId).hasSizeGreaterThanOrEqualTo(2);
        assertThat(lines)
                .extracting(line -> line.path("traceId").asString())
                .as("trace ids of payment-service's log lines of order %s", orderId)
                .containsOnly(traceId);
        assertThat(lines)
                .extracting(line -> line.path("message").asString())
                .anyMatch(message -> message.contains("requested"))
                .anyMatch(message -> message.contains("succeeded"));

        // the provider's call: the simulator records the trace context the charge request came with
        var charges = shop.stack().simulator().charges(UUID.fromString(orderId));
        assertThat(charges).hasSize(1);
        assertThat(charges.getFirst().traceparent()).isNotNull();
        assertThat(traceIdOf(charges.getFirst().traceparent())).isEqualTo(traceId);
    }

    @Test
    void aRegistrationCarriesTheClientsTraceIntoUserRegistered() {
        var traceId = HexFormat.of().formatHex(randomBytes(16));
        var clientSpanId = HexFormat.of().formatHex(randomBytes(8));
        var email = "traced-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";

        var registered = ShopClient.anonymous()
                .withHeader("traceparent", "00-" + traceId + "-" + clientSpanId + "-01")
                .post(
                        "/api/auth/register",
                        "{\"email\":\"%s\",\"password\":\"%s\",\"firstName\":\"Tracy\",\"lastName\":\"Tester\"}"
                                .formatted(email, "e2e-password-" + UUID.randomUUID()),
                        null);
        assertThat(registered.status()).as(registered.text()).isEqualTo(201);
        var userId = registered.json().path("id").asString();

        var traceparent = readEventsOf(USERS_TOPIC, userId, List.of("dev.shop.auth.UserRegistered"))
                .get("dev.shop.auth.UserRegistered");
        assertThat(traceparent)
                .as("traceparent of UserRegistered")
                .isNotNull()
                .matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
        assertThat(traceIdOf(traceparent)).isEqualTo(traceId);
    }

    /** The {@code traceparent} header of the first record of each wanted type keyed by the order, from the start. */
    private static Map<String, String> readEventsOf(String orderId, List<String> types) {
        return readEventsOf(ORDERS_TOPIC, orderId, types);
    }

    /** The {@code traceparent} header of the first record of each wanted type with this key on the topic. */
    private static Map<String, String> readEventsOf(String topic, String key, List<String> types) {
        var found = new HashMap<String, String>();
        var properties = new Properties();
        properties.put(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                ShopUnderTest.get().stack().kafka().bootstrapServers());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "e2e-tracing-" + UUID.randomUUID());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (var consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (var record : consumer.poll(Duration.ofMillis(500))) {
                    var type = header(record, "ce_type");
                    if (key.equals(record.key()) && types.contains(type)) {
                        found.putIfAbsent(type, header(record, "traceparent"));
                    }
                }
                return found.keySet().containsAll(types);
            });
        }
        return found;
    }

    private static @Nullable String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** The log lines about the order of every instance of the service (whichever took its work). */
    private static List<JsonNode> linesAbout(ShopUnderTest shop, String service, String orderId) {
        // the lines may still be on their way to the file right after the order's final state
        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        logLines(shop, service).anyMatch(line -> line.contains(orderId) && line.contains("succeeded")));
        return logLines(shop, service)
                .filter(line -> line.startsWith("{") && line.contains(orderId))
                .map(ShopClient.JSON::readTree)
                .toList();
    }

    private static java.util.stream.Stream<String> logLines(ShopUnderTest shop, String service) {
        return shop.logFiles(service).stream().flatMap(file -> {
            try {
                return Files.exists(file) ? Files.readAllLines(file).stream() : java.util.stream.Stream.empty();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private static String traceIdOf(String traceparent) {
        return traceparent.split("-")[1];
    }

    private static byte[] randomBytes(int length) {
        var bytes = new byte[length];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}
