package dev.shop.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shop.catalog.product.ProductResponse;
import dev.shop.common.problem.ProblemAssertions;
import dev.shop.common.security.test.TestJwts;
import dev.shop.common.test.BlockingCalls;
import dev.shop.common.test.DocumentedStatuses;
import dev.shop.localstack.test.LocalStackTest;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One Spring context of the whole service on a real port, on the shared PostgreSQL, Redis and Kafka of the test JVM,
 * for every integration test class that extends this. BlockHound watches the event loops of all of them.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "logging.level.org.apache.kafka=warn",
            // the image jobs at a pace a test can wait for: an object no product refers to is deleted once 8 s old
            "catalog.images.orphan-age=8s",
            "catalog.images.deletion-interval=200ms",
            "catalog.images.retry-backoff=200ms",
            "catalog.images.sweep-interval=1s",
            "catalog.images.max-per-product=3"
        })
@AutoConfigureWebTestClient
@LocalStackTest(database = "catalog", objectStore = true)
@Import(DocumentedStatuses.class)
public abstract class IntegrationTestSupport {

    protected static final TestJwts JWTS = TestJwts.shared();
    protected static final String PRODUCTS = "/api/catalog/products";

    static {
        BlockingCalls.install();
    }

    @Autowired
    protected WebTestClient client;

    @Autowired
    protected JsonMapper json;

    @Autowired
    protected DatabaseClient database;

    @DynamicPropertySource
    static void security(DynamicPropertyRegistry registry) {
        JWTS.properties().forEach((name, value) -> registry.add(name, () -> value));
    }

    @AfterEach
    void noBlockingCallOnAnEventLoop() {
        assertThat(BlockingCalls.drain()).as("blocking calls on event loops").isEmpty();
    }

    protected static String adminToken() {
        return JWTS.token(UUID.randomUUID().toString(), "admin@example.com", "customer", "admin");
    }

    protected static String customerToken() {
        return JWTS.token(UUID.randomUUID().toString(), "alice@example.com", "customer");
    }

    /** A client that sends an admin token with every request. */
    protected WebTestClient asAdmin() {
        return client.mutate()
                .defaultHeaders(headers -> headers.setBearerAuth(adminToken()))
                .build();
    }

    /** A word no other test uses, to find one test's products among everyone's. */
    protected static String uniqueWord() {
        var random = ThreadLocalRandom.current();
        var word = new StringBuilder("zq");
        for (int i = 0; i < 10; i++) {
            word.append((char) ('a' + random.nextInt(26)));
        }
        return word.toString();
    }

    protected static String uniqueSku() {
        return "T-" + UUID.randomUUID().toString().substring(0, 13).toUpperCase(Locale.ROOT);
    }

    /** A valid product body for {@code POST}, with overrides. */
    protected static Map<String, Object> productBody(String name, long price, int stock) {
        return Map.of(
                "sku",
                uniqueSku(),
                "name",
                name,
                "description",
                "A test product",
                "category",
                "books",
                "price",
                Map.of("amount", price, "currency", "EUR"),
                "stock",
                stock);
    }

    protected ProductResponse createProduct(Map<String, Object> body) {
        var created = asAdmin()
                .post()
                .uri(PRODUCTS)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(ProductResponse.class)
                .returnResult()
                .getResponseBody();
        return Objects.requireNonNull(created);
    }

    protected ProductResponse createProduct(String name, long price, int stock) {
        return createProduct(productBody(name, price, stock));
    }

    protected ProductResponse read(UUID id) {
        return Objects.requireNonNull(client.get()
                .uri(PRODUCTS + "/{id}", id)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(ProductResponse.class)
                .returnResult()
                .getResponseBody());
    }

    /** How many events the outbox holds for this key: a refused write must add none. */
    protected long outboxEvents(Object key) {
        return Objects.requireNonNull(database.sql("select count(*) as n from outbox_event where event_key = :key")
                .bind("key", key.toString())
                .map(row -> row.get("n", Long.class))
                .one()
                .block());
    }

    /** The problem shape of {@code slug}; for {@code validation}, also that {@code errors} names {@code field}. */
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
