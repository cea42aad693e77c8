package dev.shop.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.shop.common.events.Money;
import dev.shop.common.events.Topics;
import dev.shop.common.events.cart.PaymentRequested;
import dev.shop.common.security.test.TestJwts;
import dev.shop.common.test.BlockingCalls;
import dev.shop.common.test.DocumentedStatuses;
import dev.shop.common.test.EventLog;
import dev.shop.localstack.stripe.Charge;
import dev.shop.localstack.stripe.FaultPlan;
import dev.shop.localstack.stripe.PaymentSimulator;
import dev.shop.localstack.test.LocalStackTest;
import dev.shop.localstack.test.SharedLocalStack;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * One Spring context of the whole service on a real port, on the shared PostgreSQL, Kafka and payment simulator of the
 * test JVM, for every integration test class that extends this. BlockHound watches the event loops of all of them.
 * Timeouts, backoffs and the breaker's windows are shortened so that faults play out in seconds.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "logging.level.org.apache.kafka=warn",
            "shop.payment.stripe.timeout=1s",
            "shop.payment.stripe.retry.initial-backoff=100ms",
            "shop.payment.stripe.retry.max-backoff=400ms",
            "shop.payment.stripe.circuit-breaker.window=10s",
            "shop.payment.stripe.circuit-breaker.minimum-calls=5",
            "shop.payment.stripe.circuit-breaker.wait-in-open-state=2s",
            // the sweep is woken by the database and by the next attempts it planned, never by its safety poll
            "shop.payment.processing.poll-interval=1h",
            "shop.payment.processing.lease=10s",
            "shop.payment.processing.retry-backoff=200ms",
            "shop.payment.processing.max-retry-backoff=1s"
        })
@AutoConfigureWebTestClient
@LocalStackTest(database = "payment", simulator = true)
@Import(DocumentedStatuses.class)
public abstract class IntegrationTestSupport {

    protected static final TestJwts JWTS = TestJwts.shared();
    protected static final Duration OUTCOME_TIMEOUT = Duration.ofSeconds(30);

    static {
        BlockingCalls.install();
    }

    @Autowired
    protected WebTestClient client;

    @Autowired
    protected DatabaseClient database;

    @Autowired
    protected CircuitBreakerRegistry breakers;

    @DynamicPropertySource
    static void security(DynamicPropertyRegistry registry) {
        JWTS.properties().forEach((name, value) -> registry.add(name, () -> value));
    }

    @LocalServerPort
    protected int port;

    @BeforeEach
    void closedBreakerAndNoFaults() {
        simulator().clearFaults();
        // the shared simulator sends its webhooks to this test's service, at once
        simulator()
                .webhooks()
                .target(URI.create("http://127.0.0.1:" + port + "/api/payments/webhook"))
                .deliver();
        // tests share the context and so the breaker: each starts from a closed one, whatever the last one did
        breakers.circuitBreaker("stripe").reset();
    }

    /**
     * What a test leaves behind must not act in the next one: its faults are lifted, its held webhooks are never sent,
     * and its payments that are still pending are cancelled (nothing retries them against the next test's faults,
     * counters or breaker). The service and the simulator are shared by every test class of the JVM.
     */
    @AfterEach
    void leaveNothingBehind() {
        simulator().webhooks().discardHeld().deliver();
        database.sql("""
                        update payment set status = 'CANCELLED', cancel_requested = true, completed_at = now()
                         where status = 'PENDING'
                        """).then().block(Duration.ofSeconds(10));
        simulator().clearFaults();
        assertThat(BlockingCalls.drain()).as("blocking calls on event loops").isEmpty();
    }

    protected static PaymentSimulator simulator() {
        return SharedLocalStack.get().simulator();
    }

    /** Publishes a {@code PaymentRequested} of a new order by {@code userId}; returns the order id. */
    protected static UUID requestPayment(String userId, long amount, String paymentMethod) {
        var request = new PaymentRequested(UUID.randomUUID(), userId, new Money(amount, "EUR"), paymentMethod);
        OrdersTopic.get().publish(request);
        return request.orderId();
    }

    protected static List<EventLog.Received> events(UUID orderId, String simpleType) {
        return EventLog.get().byKey(Topics.PAYMENTS, orderId).stream()
                .filter(event -> event.type().equals("dev.shop.payment." + simpleType))
                .toList();
    }

    protected static UUID requestPayment(long amount, String paymentMethod) {
        return OrdersTopic.get().requestPayment(amount, paymentMethod);
    }

    /**
     * A new order's payment request, with {@code faults} for that order alone: no other test's payment takes them (a
     * one-shot fault goes to this order's first matching request, whatever else is under way).
     */
    protected static UUID requestPayment(long amount, String paymentMethod, FaultPlan faults) {
        var order = UUID.randomUUID();
        simulator().inject(faults.forOrder(order));
        return OrdersTopic.get().requestPayment(order, amount, paymentMethod);
    }

    /** The simulator's requests about the order, of {@code operation}. */
    protected static long requests(UUID order, String operation) {
        return simulator().requestCounts(order).getOrDefault(operation, 0L);
    }

    /**
     * The order's outcome events on {@code payments.v1}, once there is one and they have stayed as many for half a
     * second (a late duplicate would show).
     */
    protected static List<EventLog.Received> awaitOutcome(UUID orderId) {
        await().atMost(OUTCOME_TIMEOUT)
                .until(() -> !EventLog.get().byKey(Topics.PAYMENTS, orderId).isEmpty());
        var seen = new java.util.concurrent.atomic.AtomicInteger(-1);
        await().atMost(OUTCOME_TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> {
            int now = EventLog.get().byKey(Topics.PAYMENTS, orderId).size();
            return seen.getAndSet(now) == now;
        });
        await().during(Duration.ofMillis(500))
                .atMost(OUTCOME_TIMEOUT)
                .until(() -> EventLog.get().byKey(Topics.PAYMENTS, orderId).size() == seen.get());
        return EventLog.get().byKey(Topics.PAYMENTS, orderId);
    }

    protected static List<Charge> succeededCharges(UUID orderId) {
        return simulator().charges(orderId).stream().filter(Charge::succeeded).toList();
    }

    protected @Nullable String status(UUID orderId) {
        return database.sql("select status from payment where order_id = :orderId")
                .bind("orderId", orderId)
                .map(row -> row.get("status", String.class))
                .one()
                .block(Duration.ofSeconds(5));
    }

    protected long payments(UUID orderId) {
        var count = database.sql("select count(*) as n from payment where order_id = :orderId")
                .bind("orderId", orderId)
                .map(row -> row.get("n", Long.class))
                .one()
                .block(Duration.ofSeconds(5));
        return count == null ? 0 : count;
    }
}
