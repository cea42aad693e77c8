package dev.shop.catalog.product;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.shop.catalog.IntegrationTestSupport;
import dev.shop.catalog.RedisInspector;
import dev.shop.localstack.test.SharedLocalStack;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

class ProductCacheIntegrationTest extends IntegrationTestSupport {

    @Autowired
    ProductCache cache;

    static RedisInspector redis;

    @BeforeAll
    static void inspectRedis() {
        redis = new RedisInspector();
    }

    @AfterAll
    static void closeRedis() {
        redis.close();
    }

    @Test
    void showsAnAdminWriteOnTheVeryNextReadAfterTheCacheWasWarmed() {
        var product = createProduct("Lantern " + uniqueWord(), 1000, 5);
        read(product.id());
        assertThat(cached(product.id())).as("warmed").startsWith("1|");

        rename(product, "Lantern, renamed");

        var next = read(product.id());
        assertThat(next.name()).isEqualTo("Lantern, renamed");
        assertThat(next.version()).isEqualTo(2);
        assertThat(cached(product.id())).startsWith("2|");
    }

    @Test
    void showsAnAdminWriteOnTheVeryNextReadWhenNothingWasCached() {
        var product = createProduct("Candle " + uniqueWord(), 1000, 5);
        redis.delete(ProductCache.key(product.id()));

        rename(product, "Candle, renamed");

        assertThat(read(product.id()).name()).isEqualTo("Candle, renamed");
    }

    @Test
    void showsAStockChangeAndADeletionOnTheVeryNextRead() {
        var product = createProduct("Torch " + uniqueWord(), 1000, 5);
        read(product.id());

        asAdmin()
                .put()
                .uri(PRODUCTS + "/{id}/stock", product.id())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"onHand\": 2}")
                .exchange()
                .expectStatus()
                .isOk();
        assertThat(read(product.id()).stock()).isEqualTo(2);

        asAdmin()
                .delete()
                .uri(PRODUCTS + "/{id}", product.id())
                .exchange()
                .expectStatus()
                .isNoContent();
        client.get()
                .uri(PRODUCTS + "/{id}", product.id())
                .exchange()
                .expectStatus()
                .isNotFound();
        assertThat(cached(product.id()))
                .as("a tombstone, newer than any visible version")
                .isEqualTo("3|");
    }

    @Test
    void refusesTheOlderValueOfAReadThatRacedAWrite() {
        var product = createProduct("Kite " + uniqueWord(), 1000, 5);
        var staleRead = new CachedProduct(1, "{\"stale\":true}".getBytes(StandardCharsets.UTF_8));

        rename(product, "Kite, renamed");
        // a reader that loaded version 1 before the write committed tries to cache it after the refresh
        cache.putIfNewer(product.id(), staleRead).block();

        assertThat(read(product.id()).name()).isEqualTo("Kite, renamed");
        assertThat(cached(product.id())).startsWith("2|");
    }

    @Test
    void answersACachedReadExactlyAsTheControllerAnswersAnUncachedOne() {
        var product = createProduct("Compass " + uniqueWord(), 1000, 5);
        redis.delete(ProductCache.key(product.id()));

        var uncached = getProduct(product.id());
        assertThat(cached(product.id())).startsWith("1|");
        var cachedRead = getProduct(product.id());

        assertThat(cachedRead.getResponseBodyContent()).isEqualTo(uncached.getResponseBodyContent());
        for (var header : List.of(
                HttpHeaders.ETAG,
                HttpHeaders.CACHE_CONTROL,
                HttpHeaders.CONTENT_TYPE,
                HttpHeaders.CONTENT_LENGTH,
                "X-Content-Type-Options",
                "X-Frame-Options",
                "X-XSS-Protection",
                "Referrer-Policy")) {
            assertThat(cachedRead.getResponseHeaders().get(header))
                    .as(header)
                    .isNotNull()
                    .isEqualTo(uncached.getResponseHeaders().get(header));
        }
        client.get()
                .uri(PRODUCTS + "/{id}", product.id())
                .ifNoneMatch("\"1\"")
                .exchange()
                .expectStatus()
                .isNotModified()
                .expectHeader()
                .valueEquals(HttpHeaders.ETAG, "\"1\"");
    }

    @Test
    void refusesABadTokenEvenWhenTheProductIsCached() {
        var product = createProduct("Map " + uniqueWord(), 1000, 5);
        read(product.id());

        client.get()
                .uri(PRODUCTS + "/{id}", product.id())
                .headers(headers -> headers.setBearerAuth("not.a-jwt"))
                .exchange()
                .expectBody()
                .consumeWith(problem(401, "unauthorized", PRODUCTS + "/" + product.id()));
    }

    @Test
    void keepsAnEntryOnlyForTheTimeToLive() {
        var product = createProduct("Rope " + uniqueWord(), 1000, 5);
        read(product.id());

        Duration ttl = redis.timeToLive(ProductCache.key(product.id()));

        assertThat(ttl).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void servesFromPostgresqlWhileRedisIsDown() {
        var product = createProduct("Tent " + uniqueWord(), 1000, 5);
        var redisServer = SharedLocalStack.get().redis();
        redisServer.stop();
        try {
            assertThat(read(product.id()).name()).isEqualTo(product.name());
            rename(product, "Tent, renamed while Redis was down");
            assertThat(read(product.id()).version()).isEqualTo(2);
        } finally {
            redisServer.restart();
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            read(product.id());
            assertThat(cached(product.id())).startsWith("2|");
        });
    }

    private void rename(ProductResponse product, String name) {
        asAdmin()
                .put()
                .uri(PRODUCTS + "/{id}", product.id())
                .header(HttpHeaders.IF_MATCH, "\"" + product.version() + "\"")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of(
                        "sku",
                        product.sku(),
                        "name",
                        name,
                        "description",
                        product.description(),
                        "category",
                        product.category(),
                        "price",
                        product.price()))
                .exchange()
                .expectStatus()
                .isOk();
    }

    private EntityExchangeResult<byte[]> getProduct(UUID id) {
        return client.get()
                .uri(PRODUCTS + "/{id}", id)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult();
    }

    private String cached(UUID id) {
        return redis.get(ProductCache.key(id));
    }
}
