package dev.shop.cart.checkout;

import static org.awaitility.Awaitility.await;

import dev.shop.common.events.EventMetadata;
import dev.shop.common.events.EventTypes;
import dev.shop.common.events.Money;
import dev.shop.common.events.catalog.ProductUpserted;
import dev.shop.common.security.test.TestJwts;
import dev.shop.localstack.test.LocalStackTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Add-to-cart + checkout at a constant arrival rate against the service in this JVM (real PostgreSQL and Kafka, no
 * BlockHound), over real HTTP. Prints figures, asserts none; not part of {@code mvn verify}:
 *
 * <pre>mvn -pl cart-service verify -Pbenchmarks -Dit.test=CheckoutBenchmark</pre>
 *
 * {@code -Dbench.rate=150 -Dbench.seconds=20} change the load.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"logging.level.org.apache.kafka=warn", "logging.level.dev.shop=warn"})
@LocalStackTest(database = "cart")
class CheckoutBenchmark {

    private static final TestJwts JWTS = TestJwts.shared();

    @LocalServerPort
    int port;

    @Autowired
    KafkaTemplate<String, byte[]> kafka;

    @Autowired
    JsonMapper json;

    @Autowired
    DatabaseClient database;

    @DynamicPropertySource
    static void security(DynamicPropertyRegistry registry) {
        JWTS.properties().forEach((name, value) -> registry.add(name, () -> value));
    }

    @Test
    void checkoutsAtAConstantRate() {
        int rate = Integer.getInteger("bench.rate", 150);
        int seconds = Integer.getInteger("bench.seconds", 20);
        int total = rate * seconds;
        List<UUID> products = announceProducts(20);
        // tokens are signed up front: RSA signing is the client's cost, not the service's
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < total + 200; i++) {
            String id = UUID.randomUUID().toString();
            tokens.add(JWTS.token(id, "bench-" + i + "@example.com", "customer"));
        }
        WebClient client =
                WebClient.builder().baseUrl("http://127.0.0.1:" + port).build();

        run(client, tokens.subList(total, total + 200), products, 50, 4); // warm-up
        var checkoutMillis = new ConcurrentLinkedQueue<Double>();
        var failures = new AtomicInteger();
        long started = System.nanoTime();
        Flux.interval(Duration.ofNanos(1_000_000_000L / rate))
                .take(total)
                .onBackpressureBuffer()
                .flatMap(
                        i -> purchase(client, tokens.get(i.intValue()), products.get((int) (i % products.size())))
                                .doOnNext(checkoutMillis::add)
                                .onErrorResume(e -> {
                                    failures.incrementAndGet();
                                    return Mono.empty();
                                }),
                        1024)
                .blockLast(Duration.ofSeconds(seconds + 120L));
        double elapsed = (System.nanoTime() - started) / 1e9;

        List<Double> sorted = new ArrayList<>(checkoutMillis);
        Collections.sort(sorted);
        System.out.printf(
                "%nCHECKOUT BENCHMARK: offered %d/s for %d s; accepted %d checkouts (%.1f/s), %d failed; "
                        + "checkout call p50 %.1f ms, p99 %.1f ms, max %.1f ms%n%n",
                rate,
                seconds,
                sorted.size(),
                sorted.size() / elapsed,
                failures.get(),
                percentile(sorted, 0.50),
                percentile(sorted, 0.99),
                sorted.isEmpty() ? 0 : sorted.getLast());
    }

    private void run(WebClient client, List<String> tokens, List<UUID> products, int rate, int seconds) {
        Flux.interval(Duration.ofMillis(1000 / rate))
                .take((long) rate * seconds)
                .flatMap(i -> purchase(client, tokens.get(i.intValue()), products.get(0))
                        .onErrorResume(e -> Mono.empty()))
                .blockLast(Duration.ofSeconds(seconds + 60L));
    }

    // one customer: put a line, then check out; emits the checkout call's time in ms
    private Mono<Double> purchase(WebClient client, String token, UUID product) {
        return client.put()
                .uri("/api/cart/items/{id}", product)
                .headers(headers -> headers.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("quantity", 1))
                .retrieve()
                .toBodilessEntity()
                .then(Mono.defer(() -> {
                    long start = System.nanoTime();
                    return client.post()
                            .uri("/api/cart/checkout")
                            .headers(headers -> {
                                headers.setBearerAuth(token);
                                headers.set("Idempotency-Key", UUID.randomUUID().toString());
                            })
                            .contentType(MediaType.APPLICATION_JSON)
                            .bodyValue(Map.of(
                                    "paymentMethod",
                                    "pm_card_visa",
                                    "shippingAddress",
                                    Map.of(
                                            "name", "Bench",
                                            "line1", "1 Main Street",
                                            "city", "Berlin",
                                            "postalCode", "10115",
                                            "country", "DE")))
                            .retrieve()
                            .toBodilessEntity()
                            .map(response -> (System.nanoTime() - start) / 1e6);
                }));
    }

    private List<UUID> announceProducts(int count) {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            var product = new ProductUpserted(
                    UUID.randomUUID(), "BENCH-" + i, "Bench " + i, new Money(1000 + i, "EUR"), 1000, true, 1);
            var type = EventTypes.of(product);
            var metadata = new EventMetadata(
                    UUID.randomUUID().toString(), type.type(), type.source(), Instant.now(), product.key(), null);
            var record =
                    new ProducerRecord<String, byte[]>(type.topic(), product.key(), json.writeValueAsBytes(product));
            metadata.toHeaders()
                    .forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
            kafka.send(record).join();
            ids.add(product.productId());
        }
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        Objects.requireNonNull(database.sql("select count(*) as n from product where id = any(:ids)")
                                        .bind("ids", ids.toArray(UUID[]::new))
                                        .map(row -> row.get("n", Long.class))
                                        .one()
                                        .block())
                                == count);
        return ids;
    }

    private static double percentile(List<Double> sorted, double p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }
}
