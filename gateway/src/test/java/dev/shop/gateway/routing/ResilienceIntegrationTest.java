package dev.shop.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shop.common.problem.ProblemAssertions;
import dev.shop.common.security.test.TestJwts;
import dev.shop.common.test.BlockingCalls;
import dev.shop.gateway.Backend;
import dev.shop.localstack.test.LocalStackTest;
import dev.shop.localstack.test.SharedLocalStack;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A gateway whose payment service is down (nothing listens on its port) and whose cart service is slow, with
 * breakers that open after 4 calls. {@code /api/cart/**} and {@code /api/orders/**} go to the same service through
 * two routes, so each has its own breaker: one test sees the timeouts, the other the breaker opening.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "shop.gateway.response-timeout-ms.cart=400",
            "shop.gateway.response-timeout-ms.orders=400",
            "shop.gateway.circuit-breaker.sliding-window-size=4",
            "shop.gateway.circuit-breaker.minimum-number-of-calls=4",
            "shop.gateway.circuit-breaker.wait-in-open-state=60s",
            "logging.level.dev.shop.common.problem=off"
        })
@AutoConfigureWebTestClient(timeout = "30s")
@LocalStackTest(database = "gateway")
class ResilienceIntegrationTest {

    private static final TestJwts JWTS = TestJwts.shared();
    private static final Backend SLOW_CART = Backend.shared("cart");
    private static final Backend CATALOG = Backend.shared("catalog");

    static {
        BlockingCalls.install();
    }

    @Autowired
    WebTestClient client;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        JWTS.properties().forEach((name, value) -> registry.add(name, () -> value));
        registry.add("shop.gateway.services.auth", Backend.shared("auth")::url);
        registry.add("shop.gateway.services.catalog", CATALOG::url);
        registry.add("shop.gateway.services.cart", SLOW_CART::url);
        registry.add("shop.gateway.services.payment", Backend::closedPortUrl);
    }

    @Autowired
    CircuitBreakerRegistry breakers;

    @AfterEach
    void noBlockingCallOnAnEventLoop() {
        assertThat(BlockingCalls.drain()).as("blocking calls on event loops").isEmpty();
    }

    @Test
    void answersServiceUnavailableWhenTheServiceIsDown() {
        String token = token();
        // a refused connection is answered at once: a client that waits 5 s at most gets every answer
        var impatient = client.mutate().responseTimeout(Duration.ofSeconds(5)).build();
        for (int i = 0; i < 6; i++) {
            impatient
                    .get()
                    .uri("/api/payments?orderId=1")
                    .headers(headers -> headers.setBearerAuth(token))
                    .exchange()
                    .expectHeader()
                    .exists("X-Request-Id")
                    .expectBody()
                    .consumeWith(ProblemAssertions.problem(503, "service-unavailable", "/api/payments"));
        }
    }

    @Test
    void answersGatewayTimeoutForASlowService() {
        String marker = "/slow/" + UUID.randomUUID();
        client.get()
                .uri("/api/cart" + marker)
                .headers(headers -> headers.setBearerAuth(token()))
                .exchange()
                .expectBody()
                .consumeWith(ProblemAssertions.problem(504, "gateway-timeout", "/api/cart" + marker));
        // the service got the request: it was too slow, not unreachable
        assertThat(SLOW_CART.receivedWith(marker)).hasSize(1);
    }

    @Test
    void opensTheBreakerAfterRepeatedTimeoutsAndStopsCallingTheService() {
        String token = token();
        String marker = "/slow/" + UUID.randomUUID();
        int timeouts = 0;
        for (int i = 0; i < 4; i++) {
            timeouts += client.get()
                                    .uri("/api/orders" + marker)
                                    .headers(headers -> headers.setBearerAuth(token))
                                    .exchange()
                                    .returnResult(Void.class)
                                    .getStatus()
                                    .value()
                            == 504
                    ? 1
                    : 0;
        }
        assertThat(timeouts).isEqualTo(4);
        int reached = SLOW_CART.receivedWith(marker).size();

        client.get()
                .uri("/api/orders" + marker)
                .headers(headers -> headers.setBearerAuth(token))
                .exchange()
                .expectBody()
                .consumeWith(ProblemAssertions.problem(503, "service-unavailable", "/api/orders" + marker));
        // an open breaker answers without calling the service
        assertThat(breakers.circuitBreaker("orders").getState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(SLOW_CART.receivedWith(marker)).hasSize(reached);
    }

    @Test
    void keepsAnsweringWhileRedisIsDown() {
        var redis = SharedLocalStack.get().redis();
        // the rate limit fails open within its 250 ms Redis timeout: a client that waits 5 s at most gets every
        // answer (Lettuce's own default would hold each request for a minute)
        var impatient = client.mutate().responseTimeout(Duration.ofSeconds(5)).build();
        redis.stop();
        try {
            for (int i = 0; i < 5; i++) {
                impatient
                        .get()
                        .uri("/api/catalog/products")
                        .exchange()
                        .expectStatus()
                        .isOk();
            }
        } finally {
            redis.restart();
        }
    }

    private static String token() {
        return JWTS.token(UUID.randomUUID().toString(), "alice@example.com", "customer");
    }
}
