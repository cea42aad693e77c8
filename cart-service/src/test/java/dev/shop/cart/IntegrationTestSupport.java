package dev.shop.cart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.shop.common.events.EventMetadata;
import dev.shop.common.events.EventTypes;
import dev.shop.common.events.Money;
import dev.shop.common.events.ShopEvent;
import dev.shop.common.events.catalog.ProductUpserted;
import dev.shop.common.problem.ProblemAssertions;
import dev.shop.common.security.test.TestJwts;
import dev.shop.common.test.BlockingCalls;
import dev.shop.common.test.DocumentedStatuses;
import dev.shop.localstack.test.LocalStackTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One Spring context of the whole service on a real port, on the shared PostgreSQL and Kafka of the test JVM, for
 * every integration test class that extends this. The tests play catalog: they publish its product events to the real
 * broker and wait for the read model. BlockHound watches the event loops.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "logging.level.org.apache.kafka=warn",
            "cart.max-lines=5",
            // the timeout job looks often (its test backdates an order instead of waiting for the timeout)
            "cart.saga.timeout-check-interval=300ms",
            // mails are sent, retried and given up within a second or two; the job is woken by the database and by
            // the retries it planned, never by its safety poll
            "cart.mail.image-base=https://shop.test",
            "cart.mail.poll-interval=1h",
            "cart.mail.retry-backoff=100ms",
            "cart.mail.max-attempts=3",
            "cart.mail.lease=20s",
            // an order's stream is woken by the database, never by its safety poll; its heartbeats come quickly
            "cart.order-streams.poll-interval=1h",
            "cart.order-streams.heartbeat=500ms",
            // orders stay PENDING here (no catalog-service reserves them): that is no lag of the saga to refuse
            // checkouts for (CheckoutAdmissionIntegrationTest has the admission as it is)
            "cart.checkout.admission.max-saga-lag=1h",
            "cart.checkout.admission.window=2h",
            // a malformed event is not retried; a failing one is retried twice, quickly
            "spring.cloud.stream.default.consumer.max-attempts=3",
            "spring.cloud.stream.default.consumer.back-off-initial-interval=100"
        })
@AutoConfigureWebTestClient
@LocalStackTest(database = "cart")
@Import(DocumentedStatuses.class)
public abstract class IntegrationTestSupport {

    protected static final TestJwts JWTS = TestJwts.shared();
    protected static final String CART = "/api/cart";
    protected static final String CHECKOUT = "/api/cart/checkout";
    protected static final String ORDERS = "/api/orders";

    /** The SMTP server that cart-service sends its mails to, for the whole test JVM. */
    protected static final TestSmtp SMTP = TestSmtp.get();

    static {
        BlockingCalls.install();
    }

    @Autowired
    protected WebTestClient client;

    @Autowired
    protected JsonMapper json;

    @Autowired
    protected DatabaseClient database;

    /** The group cart-service consumes in (its name, unless a test gives it one of its own). */
    @Value("${shop.events.group:${spring.application.name}}")
    protected String consumerGroup;

    @Autowired
    protected KafkaTemplate<String, byte[]> shopEventKafkaTemplate;

    @DynamicPropertySource
    static void security(DynamicPropertyRegistry registry) {
        JWTS.properties().forEach((name, value) -> registry.add(name, () -> value));
        registry.add("spring.mail.port", SMTP::port);
    }

    // WebTestClient's default of 5 s is short on a 2-core machine shared with other builds and benchmarks
    @BeforeEach
    void patientClient() {
        client = client.mutate().responseTimeout(Duration.ofSeconds(30)).build();
    }

    @AfterEach
    void noBlockingCallOnAnEventLoop() {
        assertThat(BlockingCalls.drain()).as("blocking calls on event loops").isEmpty();
    }

    /** A customer of its own: a fresh {@code sub}, with an e-mail. */
    protected record Shopper(String id, String email, String token) {}

    protected static Shopper newShopper() {
        String id = UUID.randomUUID().toString();
        String email = "shopper-" + id.substring(0, 8) + "@example.com";
        return new Shopper(id, email, JWTS.token(id, email, "customer"));
    }

    /** A new customer whose token carries the {@code locale} claim (the language of their Keycloak profile). */
    protected static Shopper newShopperSpeaking(String locale) {
        String id = UUID.randomUUID().toString();
        String email = "shopper-" + id.substring(0, 8) + "@example.com";
        return new Shopper(
                id,
                email,
                JWTS.builder()
                        .subject(id)
                        .email(email)
                        .roles("customer")
                        .claim("locale", locale)
                        .build());
    }

    /** A client that sends this shopper's token with every request. */
    protected WebTestClient as(Shopper shopper) {
        return client.mutate()
                .defaultHeaders(headers -> headers.setBearerAuth(shopper.token()))
                .build();
    }

    /** A product as catalog would announce it, version 1, active, in EUR. */
    protected static ProductUpserted product(String name, long price) {
        String sku = "T-" + UUID.randomUUID().toString().substring(0, 13).toUpperCase(Locale.ROOT);
        return new ProductUpserted(UUID.randomUUID(), sku, name, eur(price), 10, true, 1);
    }

    protected static ProductUpserted revised(ProductUpserted product, long price, boolean active, long version) {
        return new ProductUpserted(
                product.productId(),
                product.sku(),
                product.name(),
                eur(price),
                product.availableStock(),
                active,
                version);
    }

    /** The same product with a main image, as catalog announces one that has it. */
    protected static ProductUpserted withImage(ProductUpserted product) {
        return new ProductUpserted(
                product.productId(),
                product.sku(),
                product.name(),
                product.price(),
                product.availableStock(),
                product.active(),
                product.version(),
                "/api/catalog/images/products/" + product.productId() + "/" + "e".repeat(64) + "-thumb.jpg");
    }

    protected static Money eur(long amount) {
        return new Money(amount, "EUR");
    }

    /** Publishes the product to the broker and waits until the read model has its version. */
    protected ProductUpserted announce(ProductUpserted product) {
        publish(product, UUID.randomUUID());
        awaitReadModelVersion(product.productId(), product.version());
        return product;
    }

    protected void awaitReadModelVersion(UUID productId, long version) {
        await().atMost(Duration.ofSeconds(20)).until(() -> Objects.equals(readModelVersion(productId), version));
    }

    protected @Nullable Long readModelVersion(UUID productId) {
        return database.sql("select version from product where id = :id")
                .bind("id", productId)
                .map(row -> row.get("version", Long.class))
                .one()
                .block();
    }

    /** Publishes like catalog's relay does: JSON of the record, CloudEvents headers, the aggregate id as key. */
    protected void publish(ShopEvent event, UUID eventId) {
        var type = EventTypes.of(event);
        var metadata =
                new EventMetadata(eventId.toString(), type.type(), type.source(), Instant.now(), event.key(), null);
        var record = new ProducerRecord<String, byte[]>(type.topic(), event.key(), json.writeValueAsBytes(event));
        metadata.toHeaders()
                .forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
        shopEventKafkaTemplate.send(record).join();
    }

    /** Whether cart-service has consumed the event with this id. */
    protected boolean consumed(UUID eventId) {
        return Boolean.TRUE.equals(
                database.sql("select exists (select 1 from consumed_event where consumer_group = :group "
                                + "and event_id = :id) as found")
                        .bind("group", consumerGroup)
                        .bind("id", eventId.toString())
                        .map(row -> row.get("found", Boolean.class))
                        .one()
                        .block());
    }

    protected JsonNode putItem(Shopper shopper, UUID productId, int quantity) {
        return body(as(shopper)
                .put()
                .uri(CART + "/items/{id}", productId)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("quantity", quantity))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult());
    }

    protected JsonNode cart(Shopper shopper) {
        return body(as(shopper)
                .get()
                .uri(CART)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult());
    }

    /** A valid checkout body; {@code expectedTotal} is left out when null. */
    protected static Map<String, Object> checkoutBody(@Nullable Long expectedTotal) {
        Map<String, Object> body = new HashMap<>();
        body.put("paymentMethod", "pm_card_visa");
        body.put(
                "shippingAddress",
                Map.of(
                        "name", "Alice Example",
                        "line1", "1 Main Street",
                        "city", "Berlin",
                        "postalCode", "10115",
                        "country", "DE"));
        if (expectedTotal != null) {
            body.put("expectedTotal", Map.of("amount", expectedTotal, "currency", "EUR"));
        }
        return body;
    }

    protected WebTestClient.ResponseSpec checkout(Shopper shopper, @Nullable String key, Object body) {
        return as(shopper)
                .post()
                .uri(CHECKOUT)
                .headers(headers -> {
                    if (key != null) {
                        headers.set("Idempotency-Key", key);
                    }
                })
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange();
    }

    /** Checks out and expects an accepted order; its JSON. */
    protected JsonNode checkedOut(Shopper shopper, String key, Object body) {
        return body(checkout(shopper, key, body)
                .expectStatus()
                .isAccepted()
                .expectBody()
                .returnResult());
    }

    protected JsonNode body(EntityExchangeResult<byte[]> result) {
        return json.readTree(Objects.requireNonNull(result.getResponseBodyContent()));
    }

    protected long count(String sql, Object... bindings) {
        var spec = database.sql(sql);
        for (int i = 0; i < bindings.length; i += 2) {
            spec = spec.bind((String) bindings[i], bindings[i + 1]);
        }
        return Objects.requireNonNull(
                spec.map(row -> row.get(0, Long.class)).one().block());
    }

    protected long ordersOf(Shopper shopper) {
        return count("select count(*) from customer_order where customer_id = :c", "c", shopper.id());
    }

    protected long outboxEvents(Object key) {
        return count("select count(*) from outbox_event where event_key = :key", "key", key.toString());
    }

    protected Consumer<EntityExchangeResult<byte[]>> problem(int status, String slug, String instance) {
        return ProblemAssertions.problem(status, slug, instance);
    }

    protected Consumer<EntityExchangeResult<byte[]>> validationOf(String instance, String field) {
        return result -> {
            ProblemAssertions.problem(400, "validation", instance).accept(result);
            JsonNode body = json.readTree(result.getResponseBodyContent());
            assertThat(body.path("errors")
                            .valueStream()
                            .map(error -> error.path("field").asString()))
                    .as("fields in errors of %s", body)
                    .contains(field);
        };
    }
}
