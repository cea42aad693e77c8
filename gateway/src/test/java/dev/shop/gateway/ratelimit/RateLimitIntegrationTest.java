package dev.shop.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shop.common.problem.ProblemAssertions;
import dev.shop.gateway.IntegrationTestSupport;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.util.concurrent.DefaultEventExecutor;
import java.net.InetSocketAddress;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.netty.http.client.HttpClient;

class RateLimitIntegrationTest extends IntegrationTestSupport {

    // these tests' limits: 60 requests per user or address, then one a minute; logins: 5, then one a minute
    private static final int STANDARD_BURST = 60;
    private static final int TOKEN_BURST = 5;

    @Autowired
    MeterRegistry meters;

    @Autowired
    RedisGuardedRateLimiter limiter;

    @Test
    void continuesARequestOnTheEventLoopThatAskedNotOnRedissThread() throws Exception {
        var loop = new DefaultEventExecutor();
        try {
            Thread loopThread = loop.submit(Thread::currentThread).get(5, TimeUnit.SECONDS);
            var answeredOn = new CompletableFuture<Thread>();
            loop.execute(() -> limiter.isAllowed("catalog", "thread-check-" + UUID.randomUUID())
                    .subscribe(
                            response -> answeredOn.complete(Thread.currentThread()),
                            answeredOn::completeExceptionally));

            // the routing, the call to the service and the answer then run on the connection's own thread
            assertThat(answeredOn.get(5, TimeUnit.SECONDS)).isSameAs(loopThread);
        } finally {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    @Test
    void refusesAUserOverTheLimitWithRetryAfterWhileAnotherUserIsServed() {
        double refusedBefore = refused("cart");
        String greedy = customerToken();
        for (int i = 0; i < STANDARD_BURST; i++) {
            client.get()
                    .uri("/api/cart")
                    .headers(headers -> headers.setBearerAuth(greedy))
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectHeader()
                    .exists("X-RateLimit-Remaining");
        }

        String marker = marker();
        client.get()
                .uri("/api/cart?m=" + marker)
                .headers(headers -> headers.setBearerAuth(greedy))
                .exchange()
                .expectHeader()
                .value("Retry-After", RateLimitIntegrationTest::aboutAMinute)
                .expectHeader()
                .exists("X-RateLimit-Remaining")
                .expectHeader()
                .exists("X-Request-Id")
                .expectBody()
                .consumeWith(ProblemAssertions.problem(429, "rate-limited", "/api/cart"));
        assertThat(CART.receivedWith(marker)).isEmpty();
        // what the operator's dashboard counts
        assertThat(refused("cart") - refusedBefore).isEqualTo(1.0);

        // the same client address, another user: their own bucket
        client.get()
                .uri("/api/cart")
                .headers(headers -> headers.setBearerAuth(customerToken()))
                .exchange()
                .expectStatus()
                .isOk();
    }

    @Test
    void limitsLoginsPerClientAddressMoreStrictly() {
        for (int i = 0; i < TOKEN_BURST; i++) {
            login(client).expectStatus().isOk();
        }

        login(client)
                .expectHeader()
                .value("Retry-After", RateLimitIntegrationTest::aboutAMinute)
                .expectBody()
                .consumeWith(ProblemAssertions.problem(429, "rate-limited", "/api/auth/token"));

        // another client address still logs in, and this one still reads the catalog (its own route's bucket)
        login(client.mutate().defaultHeader("X-Forwarded-For", randomAddress()).build())
                .expectStatus()
                .isOk();
        client.get().uri("/api/catalog/products").exchange().expectStatus().isOk();
    }

    @Test
    void believesNoForwardedForFromAPeerThatIsNotATrustedProxy() {
        // only 127.0.0.1 is a trusted proxy here: this client connects from another loopback address and makes up a
        // new X-Forwarded-For for every login, which must not give it a new bucket each time
        var random = java.util.concurrent.ThreadLocalRandom.current();
        var peer = "127." + random.nextInt(1, 255) + "." + random.nextInt(256) + "." + random.nextInt(2, 255);
        var untrusted = WebTestClient.bindToServer(new ReactorClientHttpConnector(
                        HttpClient.create().bindAddress(() -> new InetSocketAddress(peer, 0))))
                .baseUrl("http://127.0.0.1:" + port)
                .build();
        for (int i = 0; i < TOKEN_BURST; i++) {
            login(untrusted
                            .mutate()
                            .defaultHeader("X-Forwarded-For", randomAddress())
                            .build())
                    .expectStatus()
                    .isOk();
        }

        login(untrusted
                        .mutate()
                        .defaultHeader("X-Forwarded-For", randomAddress())
                        .build())
                .expectBody()
                .consumeWith(ProblemAssertions.problem(429, "rate-limited", "/api/auth/token"));
    }

    @Test
    void givesTwoClientsBehindATrustedProxyABucketEach() {
        // the test client is the trusted proxy: each client's address is what it appends to X-Forwarded-For
        var first = client.mutate()
                .defaultHeader("X-Forwarded-For", "198.51.100.1, " + randomAddress())
                .build();
        var second = client.mutate()
                .defaultHeader("X-Forwarded-For", "198.51.100.1, " + randomAddress())
                .build();
        for (int i = 0; i < TOKEN_BURST; i++) {
            login(first).expectStatus().isOk();
        }
        login(first).expectStatus().isEqualTo(429);

        // the same made-up left-most address, another real client: its own bucket
        login(second).expectStatus().isOk();
    }

    private double refused(String route) {
        var counter =
                meters.find("shop.gateway.rate.limited").tag("route", route).counter();
        return counter == null ? 0 : counter.count();
    }

    // a request takes 60 tokens and the bucket refills one a second: the wait is a minute less what refilled since
    private static void aboutAMinute(String retryAfter) {
        assertThat(Integer.parseInt(retryAfter)).isBetween(50, 60);
    }

    private static org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec login(
            org.springframework.test.web.reactive.server.WebTestClient client) {
        return client.post()
                .uri("/api/auth/token")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"username\":\"a@example.com\",\"password\":\"secret-secret\"}")
                .exchange();
    }
}
