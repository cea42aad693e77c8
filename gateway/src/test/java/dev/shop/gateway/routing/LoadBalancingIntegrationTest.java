package dev.shop.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.shop.gateway.Backend;
import dev.shop.gateway.IntegrationTestSupport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Services that run as two instances each, as with {@code SHOP_REPLICAS=2 ./shop up} or two pods:
 *
 * <ul>
 *   <li>catalog: two healthy instances, whose readiness the tests switch off and on (asked every 200 ms here);
 *   <li>payment: an instance that was stopped (its port refuses connections) beside a healthy one, with no readiness probing, so that only the
 *       retry can keep a request from failing;
 *   <li>cart: an instance that takes requests and closes the connection without answering (its readiness says it is
 *       fine) beside a healthy one, no readiness probing: only an idempotent request may be sent again.
 * </ul>
 */
class LoadBalancingIntegrationTest extends IntegrationTestSupport {

    private static final Backend CATALOG_1 = Backend.instance("catalog-1");
    private static final Backend CATALOG_2 = Backend.instance("catalog-2");
    private static final Backend PAYMENT_LIVE = Backend.instance("payment-live");
    private static final String PAYMENT_STOPPED = stopped("payment-stopped");
    private static final Backend CART_DROPPING = Backend.dropping("cart-dropping");
    private static final Backend CART_LIVE = Backend.instance("cart-live");

    @DynamicPropertySource
    static void instances(DynamicPropertyRegistry registry) {
        Map<String, List<String>> instances = Map.of(
                "catalog", List.of(CATALOG_1.url(), CATALOG_2.url()),
                "payment", List.of(PAYMENT_STOPPED, PAYMENT_LIVE.url()),
                "cart", List.of(CART_DROPPING.url(), CART_LIVE.url()));
        instances.forEach((service, urls) -> {
            for (int i = 0; i < urls.size(); i++) {
                String url = urls.get(i);
                registry.add(
                        "spring.cloud.discovery.client.simple.instances." + service + "[" + i + "].uri", () -> url);
            }
        });
        registry.add("spring.cloud.loadbalancer.health-check.interval", () -> "200ms");
        registry.add("spring.cloud.loadbalancer.clients.payment.configurations", () -> "default");
        registry.add("spring.cloud.loadbalancer.clients.cart.configurations", () -> "default");
    }

    /** The address of an instance that ran and was stopped: connecting to it is refused, as to a killed process. */
    private static String stopped(String name) {
        var instance = Backend.instance(name);
        instance.stop();
        return instance.url();
    }

    @AfterAll
    static void stopInstances() {
        List.of(CATALOG_1, CATALOG_2, PAYMENT_LIVE, CART_DROPPING, CART_LIVE).forEach(Backend::stop);
    }

    @Test
    void spreadsRequestsOverTheInstances() {
        // (once both are in the rotation: another test may just have made one ready again)
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String marker = marker();
            IntStream.range(0, 10)
                    .forEach(i -> getCatalog(marker).expectStatus().isOk());
            assertThat(CATALOG_1.receivedWith(marker)).hasSize(5);
            assertThat(CATALOG_2.receivedWith(marker)).hasSize(5);
        });
    }

    @Test
    void sendsNothingToAnInstanceThatIsNotReadyAndTakesItBackWhenItIs() {
        CATALOG_2.ready(false);
        try {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                String marker = marker();
                IntStream.range(0, 6)
                        .forEach(i -> getCatalog(marker).expectStatus().isOk());
                assertThat(CATALOG_2.receivedWith(marker)).isEmpty();
            });
        } finally {
            CATALOG_2.ready(true);
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String marker = marker();
            IntStream.range(0, 6).forEach(i -> getCatalog(marker).expectStatus().isOk());
            assertThat(CATALOG_2.receivedWith(marker)).isNotEmpty();
        });
    }

    @Test
    void answersServiceUnavailableWithRetryAfterWhenNoInstanceIsReady() {
        CATALOG_1.ready(false);
        CATALOG_2.ready(false);
        try {
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> getCatalog(marker())
                            .expectStatus()
                            .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
                            .expectHeader()
                            .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                            .expectHeader()
                            .valueEquals("Retry-After", "2")
                            .expectBody()
                            .jsonPath("$.type")
                            .value(type -> assertThat(type.toString()).endsWith("/service-unavailable")));
        } finally {
            CATALOG_1.ready(true);
            CATALOG_2.ready(true);
        }
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> getCatalog(marker()).expectStatus().isOk());
    }

    @Test
    void sendsARequestThatNoInstanceTookToTheNextOneWhateverItsMethod() {
        String marker = marker();
        String token = customerToken();
        var statuses = new ArrayList<Integer>();

        for (int i = 0; i < 4; i++) {
            for (var method : List.of("GET", "POST", "PUT", "DELETE")) {
                var request = client.method(HttpMethod.valueOf(method))
                        .uri("/api/payments/" + marker + "?method=" + method)
                        .headers(headers -> headers.setBearerAuth(token));
                var withBody = method.startsWith("P")
                        ? request.contentType(MediaType.APPLICATION_JSON).bodyValue("{\"attempt\":" + i + "}")
                        : request;
                statuses.add(
                        withBody.exchange().returnResult(Void.class).getStatus().value());
            }
        }

        assertThat(statuses).hasSize(16).containsOnly(200);
        assertThat(PAYMENT_LIVE.receivedWith(marker)).hasSize(16);
        assertThat(PAYMENT_LIVE.receivedWith(marker + "?method=POST"))
                .allSatisfy(received -> assertThat(new String(received.body())).startsWith("{\"attempt\":"));
    }

    @Test
    void sendsAnIdempotentRequestAgainWhenTheInstanceDroppedItButNeverAPost() {
        String token = customerToken();

        String gets = marker();
        IntStream.range(0, 4)
                .forEach(i -> client.get()
                        .uri("/api/cart/" + gets)
                        .headers(headers -> headers.setBearerAuth(token))
                        .exchange()
                        .expectStatus()
                        .isOk());
        assertThat(CART_LIVE.receivedWith(gets)).hasSize(4);

        // two posts in a row: round robin gives one to each instance
        String posts = marker();
        var statuses = new ArrayList<Integer>();
        for (int i = 0; i < 2; i++) {
            statuses.add(client.post()
                    .uri("/api/cart/" + posts)
                    .headers(headers -> headers.setBearerAuth(token))
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{}")
                    .exchange()
                    .returnResult(Void.class)
                    .getStatus()
                    .value());
        }
        assertThat(statuses).containsExactlyInAnyOrder(200, 503);
        assertThat(CART_DROPPING.receivedWith(posts)).hasSize(1);
        assertThat(CART_LIVE.receivedWith(posts)).hasSize(1);
    }

    private WebTestClient.ResponseSpec getCatalog(String marker) {
        // from an address of its own each time: a test that waits for the balancer sends more than one address's budget
        return client.get()
                .uri("/api/catalog/products?m=" + marker)
                .header("X-Forwarded-For", randomAddress())
                .exchange();
    }
}
