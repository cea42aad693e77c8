package dev.shop.payment.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.shop.common.events.Topics;
import dev.shop.common.test.BlockingCalls;
import dev.shop.common.test.EventLog;
import dev.shop.localstack.stripe.Charge;
import dev.shop.localstack.stripe.FaultPlan;
import dev.shop.localstack.test.SharedLocalStack;
import dev.shop.payment.OrdersTopic;
import dev.shop.payment.PaymentApplication;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * payment-service stopped in the middle of a charge and started again: two application contexts of the service, one
 * after the other, on the same database, broker and provider (a child process would add nothing these do not show: the
 * first instance's work in flight is dropped, its lease on the payment is left behind). It runs alone in a JVM of its
 * own (a failsafe execution of its own), so these two instances are the only consumers of {@code orders.v1} in the
 * group.
 */
class PaymentRestartIntegrationTest {

    static {
        BlockingCalls.install();
    }

    private @Nullable ConfigurableApplicationContext running;

    @AfterEach
    void stop() {
        if (running != null) {
            running.close();
        }
        SharedLocalStack.get().simulator().clearFaults();
        assertThat(BlockingCalls.drain()).as("blocking calls on event loops").isEmpty();
    }

    @Test
    void chargesOnceWhenTheServiceIsStoppedMidChargeAndRestarted() {
        var simulator = SharedLocalStack.get().simulator();
        // the provider takes 8 s to confirm: long enough to stop the service while its confirm is out there
        simulator.inject(
                FaultPlan.latencyOf(Duration.ofSeconds(8)).only("confirm").times(1));
        var first = start();
        running = first;
        var order = OrdersTopic.get().requestPayment(5100, "pm_card_visa");
        var database = first.getBean(DatabaseClient.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> intentId(database, order) != null);

        first.close(); // mid-charge: the confirm is at the provider, the service never hears its answer
        running = null;

        assertThat(EventLog.get().byKey(Topics.PAYMENTS, order))
                .as("no outcome from the stopped instance")
                .isEmpty();
        await().atMost(Duration.ofSeconds(15))
                .until(() -> simulator.charges(order).stream().anyMatch(Charge::succeeded));

        var second = start();
        running = second;
        await().atMost(Duration.ofSeconds(40))
                .until(() -> !EventLog.get().byKey(Topics.PAYMENTS, order).isEmpty());
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(5))
                .until(() -> EventLog.get().byKey(Topics.PAYMENTS, order).size() == 1);

        assertThat(EventLog.get().byKey(Topics.PAYMENTS, order))
                .singleElement()
                .satisfies(event -> assertThat(event.type()).isEqualTo("dev.shop.payment.PaymentSucceeded"));
        assertThat(simulator.charges(order)).hasSize(1);
        assertThat(attempts(second.getBean(DatabaseClient.class), order))
                .as("the restarted instance took the payment over")
                .isGreaterThanOrEqualTo(2);
    }

    private static ConfigurableApplicationContext start() {
        var stack = SharedLocalStack.get();
        stack.postgres().createDatabase("payment");
        var simulator = stack.simulator();
        simulator.start();
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("server.port", 0);
        properties.put("management.server.port", 0);
        properties.put("spring.r2dbc.url", stack.postgres().r2dbcUrl("payment"));
        properties.put("spring.r2dbc.username", stack.postgres().username());
        properties.put("spring.r2dbc.password", "");
        properties.put("spring.flyway.url", stack.postgres().jdbcUrl("payment"));
        properties.put("spring.flyway.user", stack.postgres().username());
        properties.put("spring.flyway.password", "");
        properties.put("spring.kafka.bootstrap-servers", stack.kafka().bootstrapServers());
        properties.put("shop.payment.stripe.api-base", simulator.baseUrl());
        properties.put("shop.payment.stripe.secret-key", simulator.secretKey());
        properties.put(
                "shop.payment.stripe.webhook-secret", simulator.webhooks().secret());
        properties.put("shop.payment.stripe.timeout", "20s"); // the first instance really waits for the answer
        properties.put("shop.payment.processing.poll-interval", "200ms");
        properties.put("shop.payment.processing.lease", "5s");
        properties.put("shop.payment.processing.retry-backoff", "200ms");
        properties.put("shop.payment.processing.max-retry-backoff", "1s");
        // a stop that does not wait for the attempt under way (FirstAttempts would let it finish within the shutdown
        // phase): what a stop cut short by its deadline, or a crash, leaves behind
        properties.put("spring.lifecycle.timeout-per-shutdown-phase", "1s");
        properties.put("logging.level.org.apache.kafka", "warn");
        // as command-line arguments: they must win over application.yml, as a test's properties do
        return new SpringApplicationBuilder(PaymentApplication.class)
                .run(properties.entrySet().stream()
                        .map(entry -> "--" + entry.getKey() + "=" + entry.getValue())
                        .toArray(String[]::new));
    }

    private static @Nullable String intentId(DatabaseClient database, UUID order) {
        return database.sql("select provider_intent_id from payment where order_id = :orderId")
                .bind("orderId", order)
                .map(row -> Optional.ofNullable(row.get("provider_intent_id", String.class)))
                .one()
                .blockOptional(Duration.ofSeconds(5))
                .flatMap(intent -> intent)
                .orElse(null);
    }

    private static int attempts(DatabaseClient database, UUID order) {
        var attempts = database.sql("select attempts from payment where order_id = :orderId")
                .bind("orderId", order)
                .map(row -> row.get("attempts", Integer.class))
                .one()
                .block(Duration.ofSeconds(5));
        return attempts == null ? 0 : attempts;
    }
}
