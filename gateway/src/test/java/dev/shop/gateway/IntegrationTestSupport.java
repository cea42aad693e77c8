package dev.shop.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shop.common.security.test.TestJwts;
import dev.shop.common.test.BlockingCalls;
import dev.shop.localstack.test.LocalStackTest;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The gateway on a real port, with the shared Redis, tokens signed by {@link TestJwts}, and four {@link Backend}s
 * standing in for the services. The test client poses as a proxy (127.0.0.1 is trusted here) and sends each test's
 * own client address in {@code X-Forwarded-For}, so that tests never share an anonymous rate-limit bucket.
 *
 * <p>Limits here: 60 requests per user or address, then one a minute (a long window: a bucket that refills every
 * second makes a rate-limit test flaky); logins 5, then one a minute.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "shop.gateway.trusted-proxies=127.0.0.1",
            "shop.gateway.rate-limits.standard.replenish-rate=1",
            "shop.gateway.rate-limits.standard.burst-capacity=3600",
            "shop.gateway.rate-limits.standard.requested-tokens=60",
            "shop.gateway.rate-limits.token.replenish-rate=1",
            "shop.gateway.rate-limits.token.burst-capacity=300",
            "shop.gateway.rate-limits.token.requested-tokens=60",
            "shop.gateway.response-timeout-ms.catalog=1000",
            "shop.gateway.response-timeout-ms.orders=1000",
            "shop.gateway.cors.allowed-origins=https://shop.example",
            "shop.http.max-request-body=4KB",
            "shop.http.max-upload-body=12KB"
        })
@AutoConfigureWebTestClient(timeout = "30s")
@LocalStackTest(database = "gateway")
public abstract class IntegrationTestSupport {

    protected static final TestJwts JWTS = TestJwts.shared();

    protected static final Backend AUTH = Backend.shared("auth");
    protected static final Backend CATALOG = Backend.shared("catalog");
    protected static final Backend CART = Backend.shared("cart");
    protected static final Backend PAYMENT = Backend.shared("payment");

    static {
        BlockingCalls.install();
    }

    @Autowired
    private WebTestClient webTestClient;

    @LocalServerPort
    protected int port;

    /** This test's client address, as a trusted proxy reports it. */
    protected final String clientAddress = randomAddress();

    protected WebTestClient client;

    @DynamicPropertySource
    static void gatewayProperties(DynamicPropertyRegistry registry) {
        JWTS.properties().forEach((name, value) -> registry.add(name, () -> value));
        registry.add("shop.gateway.services.auth", AUTH::url);
        registry.add("shop.gateway.services.catalog", CATALOG::url);
        registry.add("shop.gateway.services.cart", CART::url);
        registry.add("shop.gateway.services.payment", PAYMENT::url);
    }

    @org.junit.jupiter.api.BeforeEach
    void clientFromItsOwnAddress() {
        client = webTestClient
                .mutate()
                .defaultHeader("X-Forwarded-For", clientAddress)
                .build();
    }

    @AfterEach
    void noBlockingCallOnAnEventLoop() {
        assertThat(BlockingCalls.drain()).as("blocking calls on event loops").isEmpty();
    }

    protected static String customerToken() {
        return JWTS.token(UUID.randomUUID().toString(), "alice@example.com", "customer");
    }

    /**
     * A client address no other test of the JVM gets, so that no two tests share an anonymous rate-limit bucket: the
     * next one of 198.18.0.0/15 (a range for tests), from a random start.
     */
    protected static String randomAddress() {
        int next = NEXT_ADDRESS.getAndIncrement() & 0x1ffff;
        return "198." + (18 + (next >> 16)) + "." + ((next >> 8) & 0xff) + "." + (next & 0xff);
    }

    private static final AtomicInteger NEXT_ADDRESS =
            new AtomicInteger(ThreadLocalRandom.current().nextInt(0x20000));

    /** A marker no other test uses, to find this test's requests among what a backend received. */
    protected static String marker() {
        return "m" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }
}
