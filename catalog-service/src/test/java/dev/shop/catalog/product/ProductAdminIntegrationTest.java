package dev.shop.catalog.product;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.shop.catalog.IntegrationTestSupport;
import dev.shop.common.events.Topics;
import dev.shop.common.test.EventLog;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

class ProductAdminIntegrationTest extends IntegrationTestSupport {

    @Test
    void createsAProductWithLocationETagAndVersionOne() {
        var body = productBody("Teapot " + uniqueWord(), 2599, 12);

        var response = asAdmin()
                .post()
                .uri(PRODUCTS)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isCreated()
                .expectHeader()
                .valueEquals(HttpHeaders.ETAG, "\"1\"")
                .expectBody(ProductResponse.class)
                .returnResult();
        var created = Objects.requireNonNull(response.getResponseBody());

        assertThat(response.getResponseHeaders().getLocation()).hasToString(PRODUCTS + "/" + created.id());
        assertThat(created.sku()).isEqualTo(body.get("sku"));
        assertThat(created.stock()).isEqualTo(12);
        assertThat(created.active()).isTrue();
        assertThat(read(created.id())).isEqualTo(created);
    }

    @Test
    void refusesADuplicateSkuWithConflictAndCreatesNothing() {
        var first = createProduct("Original " + uniqueWord(), 100, 1);
        var word = uniqueWord();
        var duplicate = with(productBody(word, 200, 1), "sku", first.sku());

        asAdmin()
                .post()
                .uri(PRODUCTS)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(duplicate)
                .exchange()
                .expectBody()
                .consumeWith(problem(409, "conflict", PRODUCTS));

        assertThat(countMatching(word)).isZero();
        assertThat(read(first.id()).version()).isEqualTo(1);
    }

    @Test
    void takesASkuThatDiffersOnlyInCaseForTheSameOne() {
        var first = createProduct("Original " + uniqueWord(), 100, 1);
        var word = uniqueWord();

        asAdmin()
                .post()
                .uri(PRODUCTS)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(with(productBody(word, 200, 1), "sku", first.sku().toLowerCase(Locale.ROOT)))
                .exchange()
                .expectBody()
                .consumeWith(problem(409, "conflict", PRODUCTS));

        assertThat(countMatching(word)).isZero();
    }

    @Test
    void updatesWhenIfMatchNamesTheCurrentVersion() {
        var product = createProduct("Mug " + uniqueWord(), 900, 3);
        var update = with(withoutStock(productBody("Big mug", 1200, 0)), "sku", product.sku());

        var updated = put(product.id(), "\"1\"", update)
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals(HttpHeaders.ETAG, "\"2\"")
                .expectBody(ProductResponse.class)
                .returnResult()
                .getResponseBody();

        assertThat(updated).isNotNull();
        assertThat(updated.name()).isEqualTo("Big mug");
        assertThat(updated.price().amount()).isEqualTo(1200);
        assertThat(updated.stock()).as("stock is untouched by an update").isEqualTo(3);
        assertThat(read(product.id())).isEqualTo(updated);
    }

    @Test
    void refusesAStaleIfMatchWithPreconditionFailedAndChangesNothing() {
        var product = createProduct("Vase " + uniqueWord(), 900, 3);
        put(product.id(), null, withoutStock(with(productBody("Vase v2", 950, 0), "sku", product.sku())))
                .expectStatus()
                .isOk();
        long events = outboxEvents(product.id());

        put(product.id(), "\"1\"", withoutStock(with(productBody("Lost update", 1, 0), "sku", product.sku())))
                .expectHeader()
                .valueEquals(HttpHeaders.ETAG, "\"2\"")
                .expectBody()
                .consumeWith(problem(412, "stale-version", PRODUCTS + "/" + product.id()))
                .jsonPath("$.currentVersion")
                .isEqualTo(2);
        put(product.id(), "W/\"2\"", withoutStock(with(productBody("Weak", 1, 0), "sku", product.sku())))
                .expectStatus()
                .isEqualTo(412);

        var current = read(product.id());
        assertThat(current.name()).isEqualTo("Vase v2");
        assertThat(current.version()).isEqualTo(2);
        assertThat(outboxEvents(product.id())).isEqualTo(events);
    }

    @Test
    void updatesUnconditionallyWithoutIfMatchAndAcceptsAStar() {
        var product = createProduct("Bowl " + uniqueWord(), 900, 3);

        put(product.id(), null, withoutStock(with(productBody("Bowl v2", 950, 0), "sku", product.sku())))
                .expectStatus()
                .isOk();
        put(product.id(), "*", withoutStock(with(productBody("Bowl v3", 990, 0), "sku", product.sku())))
                .expectStatus()
                .isOk();

        assertThat(read(product.id()))
                .extracting(ProductResponse::name, ProductResponse::version)
                .containsExactly("Bowl v3", 3L);
    }

    @Test
    void deletesAProductSoThatItIsGoneAndItsSkuFree() {
        var product = createProduct("Plate " + uniqueWord(), 900, 3);

        asAdmin()
                .delete()
                .uri(PRODUCTS + "/{id}", product.id())
                .exchange()
                .expectStatus()
                .isNoContent();

        client.get()
                .uri(PRODUCTS + "/{id}", product.id())
                .exchange()
                .expectBody()
                .consumeWith(problem(404, "not-found", PRODUCTS + "/" + product.id()));
        asAdmin()
                .delete()
                .uri(PRODUCTS + "/{id}", product.id())
                .exchange()
                .expectBody()
                .consumeWith(problem(404, "not-found", PRODUCTS + "/" + product.id()));
        var again = createProduct(with(productBody("Plate again", 900, 1), "sku", product.sku()));
        assertThat(again.id()).isNotEqualTo(product.id());
    }

    @Test
    void refusesADeleteWithAStaleIfMatch() {
        var product = createProduct("Cup " + uniqueWord(), 900, 3);

        asAdmin()
                .delete()
                .uri(PRODUCTS + "/{id}", product.id())
                .header(HttpHeaders.IF_MATCH, "\"7\"")
                .exchange()
                .expectBody()
                .consumeWith(problem(412, "stale-version", PRODUCTS + "/" + product.id()));
        assertThat(read(product.id()).version()).isEqualTo(1);
    }

    @Test
    void setsTheStockOnHand() {
        var product = createProduct("Jar " + uniqueWord(), 900, 3);

        setStock(product.id(), "{\"onHand\": 40}")
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals(HttpHeaders.ETAG, "\"2\"")
                .expectBody()
                .jsonPath("$.stock")
                .isEqualTo(40);
        assertThat(read(product.id()).stock()).isEqualTo(40);

        setStock(product.id(), "{\"onHand\": -1}")
                .expectBody()
                .consumeWith(validationOf(PRODUCTS + "/" + product.id() + "/stock", "onHand"));
        setStock(product.id(), "{}")
                .expectBody()
                .consumeWith(validationOf(PRODUCTS + "/" + product.id() + "/stock", "onHand"));
        var unknown = UUID.randomUUID();
        setStock(unknown, "{\"onHand\": 1}")
                .expectBody()
                .consumeWith(problem(404, "not-found", PRODUCTS + "/" + unknown + "/stock"));
        assertThat(read(product.id()).stock()).isEqualTo(40);
    }

    @Test
    void answersUnauthorizedWithoutTokenAndForbiddenWithoutAdminRole() {
        var product = createProduct("Spoon " + uniqueWord(), 900, 3);
        var path = PRODUCTS + "/" + product.id();
        var update = withoutStock(with(productBody("Stolen", 1, 0), "sku", product.sku()));

        for (var token : new String[] {null, customerToken()}) {
            int status = token == null ? 401 : 403;
            String slug = token == null ? "unauthorized" : "forbidden";
            var as = token == null
                    ? client
                    : client.mutate()
                            .defaultHeaders(headers -> headers.setBearerAuth(token))
                            .build();
            as.post()
                    .uri(PRODUCTS)
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(productBody("Intruder", 1, 1))
                    .exchange()
                    .expectBody()
                    .consumeWith(problem(status, slug, PRODUCTS));
            as.put()
                    .uri(path)
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(update)
                    .exchange()
                    .expectBody()
                    .consumeWith(problem(status, slug, path));
            as.delete().uri(path).exchange().expectBody().consumeWith(problem(status, slug, path));
            as.put()
                    .uri(path + "/stock")
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{\"onHand\": 0}")
                    .exchange()
                    .expectBody()
                    .consumeWith(problem(status, slug, path + "/stock"));
        }

        assertThat(read(product.id())).isEqualTo(product);
        assertThat(outboxEvents(product.id())).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0} → {1} {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "'{\"name\":\"N\",\"category\":\"books\",\"price\":{\"amount\":1,\"currency\":\"EUR\"}}'|validation|sku",
                "'{\"sku\":\"A-1\",\"name\":\" \",\"category\":\"books\",\"price\":{\"amount\":1,\"currency\":\"EUR\"}}'|validation|name",
                "'{\"sku\":\"bad sku!\",\"name\":\"N\",\"category\":\"books\",\"price\":{\"amount\":1,\"currency\":\"EUR\"}}'|validation|sku",
                "'{\"sku\":\"A-1\",\"name\":\"N\",\"category\":\"books\"}'|validation|price",
                "'{\"sku\":\"A-1\",\"name\":\"N\",\"category\":\"books\",\"price\":{\"amount\":-1,\"currency\":\"EUR\"}}'|validation|price.amount",
                "'{\"sku\":\"A-1\",\"name\":\"N\",\"category\":\"books\",\"price\":{\"amount\":100,\"currency\":\"USD\"}}'|validation|price.currency",
                "'{\"sku\":\"A-1\",\"name\":\"N\",\"category\":\"books\",\"price\":{\"amount\":100,\"currency\":\"eur\"}}'|validation|price.currency",
                "'{\"sku\":\"A-1\",\"name\":\"N\",\"category\":\"no-such\",\"price\":{\"amount\":100,\"currency\":\"EUR\"}}'|validation|category",
                "'{\"sku\":\"A-1\",\"name\":\"N\",\"category\":\"books\",\"price\":{\"amount\":100,\"currency\":\"EUR\"},\"stock\":-3}'|validation|stock",
                "'{\"sku\":\"A-1\",\"name\":\"N\",\"category\":\"books\",\"price\":{\"amount\":\"lots\",\"currency\":\"EUR\"}}'|malformed-request|",
                "'{\"sku\":\"A-1\",\"name\":'|malformed-request|",
                "'[1, 2]'|malformed-request|",
            })
    void refusesAnInvalidProductAndCreatesNothing(String body, String slug, String field) {
        var word = uniqueWord();
        var marked = body.replace("\"N\"", "\"" + word + "\"");

        var response = asAdmin()
                .post()
                .uri(PRODUCTS)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(marked)
                .exchange()
                .expectBody();
        if (slug.equals("validation")) {
            response.consumeWith(validationOf(PRODUCTS, field));
        } else {
            response.consumeWith(problem(400, slug, PRODUCTS));
        }
        assertThat(countMatching(word)).isZero();
    }

    @Test
    void refusesInvalidUpdatesAndChangesNothing() {
        var product = createProduct("Pan " + uniqueWord(), 900, 3);
        var path = PRODUCTS + "/" + product.id();

        put(
                        product.id(),
                        null,
                        withoutStock(with(
                                with(productBody("X", 1, 0), "sku", product.sku()),
                                "price",
                                Map.of("amount", 5, "currency", "GBP"))))
                .expectBody()
                .consumeWith(validationOf(path, "price.currency"));
        put(product.id(), null, with(productBody("X", 1, 0), "sku", product.sku()))
                .expectBody()
                .consumeWith(validationOf(path, "stock"));
        put(
                        product.id(),
                        null,
                        withoutStock(with(productBody("X", 1, 0), "price", Map.of("amount", -5, "currency", "EUR"))))
                .expectBody()
                .consumeWith(validationOf(path, "price.amount"));
        asAdmin()
                .put()
                .uri(PRODUCTS + "/not-a-uuid")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(withoutStock(productBody("X", 1, 0)))
                .exchange()
                .expectBody()
                .consumeWith(validationOf(PRODUCTS + "/not-a-uuid", "id"));
        var unknown = UUID.randomUUID();
        put(unknown, null, withoutStock(productBody("X", 1, 0)))
                .expectBody()
                .consumeWith(problem(404, "not-found", PRODUCTS + "/" + unknown));

        assertThat(read(product.id())).isEqualTo(product);
        assertThat(outboxEvents(product.id())).isEqualTo(1);
    }

    @Test
    void refusesAnUpdateToASkuAnotherProductHas() {
        var taken = createProduct("One " + uniqueWord(), 900, 3);
        var product = createProduct("Two " + uniqueWord(), 900, 3);

        put(product.id(), "\"1\"", withoutStock(with(productBody("Two", 1, 0), "sku", taken.sku())))
                .expectBody()
                .consumeWith(problem(409, "conflict", PRODUCTS + "/" + product.id()));
        assertThat(read(product.id())).isEqualTo(product);
    }

    @Test
    void refusesAnotherContentTypeWithUnsupportedMediaType() {
        asAdmin()
                .post()
                .uri(PRODUCTS)
                .contentType(MediaType.TEXT_PLAIN)
                .bodyValue("sku=A-1")
                .exchange()
                .expectBody()
                .consumeWith(problem(415, "unsupported-media-type", PRODUCTS));
    }

    @Test
    void refusesAnOversizedBodyWithPayloadTooLargeAndCreatesNothing() {
        var word = uniqueWord();
        var body = with(productBody(word, 100, 1), "description", "x".repeat(300 * 1024));

        asAdmin()
                .post()
                .uri(PRODUCTS)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectBody()
                .consumeWith(problem(413, "payload-too-large", PRODUCTS));
        assertThat(countMatching(word)).isZero();
    }

    @Test
    void publishesEveryWriteOnTheBroker() {
        var product = createProduct("Clock " + uniqueWord(), 1500, 4);
        put(product.id(), "\"1\"", withoutStock(with(productBody("Clock v2", 1600, 0), "sku", product.sku())))
                .expectStatus()
                .isOk();
        setStock(product.id(), "{\"onHand\": 9}").expectStatus().isOk();
        asAdmin()
                .delete()
                .uri(PRODUCTS + "/{id}", product.id())
                .exchange()
                .expectStatus()
                .isNoContent();

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(EventLog.get().byKey(Topics.CATALOG_PRODUCTS, product.id()))
                        .hasSize(4));
        var events = EventLog.get().byKey(Topics.CATALOG_PRODUCTS, product.id());
        assertThat(events)
                .extracting(event -> event.type())
                .containsExactly(
                        "dev.shop.catalog.ProductUpserted",
                        "dev.shop.catalog.ProductUpserted",
                        "dev.shop.catalog.ProductUpserted",
                        "dev.shop.catalog.ProductDeleted");
        var created = json.readTree(events.get(0).json());
        assertThat(created.path("sku").asString()).isEqualTo(product.sku());
        assertThat(created.path("price").path("amount").asLong()).isEqualTo(1500);
        assertThat(created.path("availableStock").asInt()).isEqualTo(4);
        assertThat(created.path("active").asBoolean()).isTrue();
        assertThat(created.path("version").asLong()).isEqualTo(1);
        assertThat(json.readTree(events.get(1).json()).path("name").asString()).isEqualTo("Clock v2");
        assertThat(json.readTree(events.get(2).json()).path("availableStock").asInt())
                .isEqualTo(9);
        assertThat(json.readTree(events.get(3).json()).path("version").asLong()).isEqualTo(4);
    }

    private WebTestClient.ResponseSpec put(UUID id, String ifMatch, Map<String, Object> body) {
        return asAdmin()
                .put()
                .uri(PRODUCTS + "/{id}", id)
                .headers(headers -> {
                    if (ifMatch != null) {
                        headers.set(HttpHeaders.IF_MATCH, ifMatch);
                    }
                })
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange();
    }

    private WebTestClient.ResponseSpec setStock(UUID id, String body) {
        return asAdmin()
                .put()
                .uri(PRODUCTS + "/{id}/stock", id)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange();
    }

    private long countMatching(String word) {
        return Objects.requireNonNull(database.sql("select count(*) as n from product where name like :pattern")
                .bind("pattern", "%" + word + "%")
                .map(row -> row.get("n", Long.class))
                .one()
                .block());
    }

    private static Map<String, Object> with(Map<String, Object> body, String field, Object value) {
        var copy = new HashMap<>(body);
        copy.put(field, value);
        return copy;
    }

    private static Map<String, Object> withoutStock(Map<String, Object> body) {
        var copy = new HashMap<>(body);
        copy.remove("stock");
        return copy;
    }
}
