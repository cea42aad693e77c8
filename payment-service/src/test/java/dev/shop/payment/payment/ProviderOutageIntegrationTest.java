package dev.shop.payment.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.shop.common.events.Topics;
import dev.shop.common.test.EventLog;
import dev.shop.localstack.stripe.FaultPlan;
import dev.shop.payment.IntegrationTestSupport;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class ProviderOutageIntegrationTest extends IntegrationTestSupport {

    private static final Duration OUTAGE = Duration.ofSeconds(30);

    @Autowired
    MeterRegistry meters;

    @Test
    void keepsPaymentsPendingThroughA30SecondOutageAndChargesEachOnceAfterIt() {
        var breaker = breakers.circuitBreaker("stripe");
        var shortCircuitedBefore = shortCircuited();
        simulator().inject(FaultPlan.outage());

        // a hundred payment requests arrive while the provider is down
        var orders = new ArrayList<UUID>();
        for (int i = 0; i < 100; i++) {
            orders.add(requestPayment(1000 + i, "pm_card_visa"));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> breaker.getState() == CircuitBreaker.State.OPEN);
        await().atMost(Duration.ofSeconds(30)).until(() -> orders.stream().allMatch(order -> status(order) != null));

        // the outage lasts 30 s: nothing is settled, every payment stays pending, and the breaker keeps requests in
        await().during(OUTAGE)
                .atMost(OUTAGE.plusSeconds(10))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> orders.stream()
                        .allMatch(order ->
                                EventLog.get().byKey(Topics.PAYMENTS, order).isEmpty()
                                        && "PENDING".equals(status(order))));
        assertThat(shortCircuited() - shortCircuitedBefore)
                .as("requests not sent while the breaker was open")
                .isPositive();
        simulator().clearFaults();

        // then each is charged once, and reported once
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> orders.stream()
                        .allMatch(order ->
                                !EventLog.get().byKey(Topics.PAYMENTS, order).isEmpty()));
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(10))
                .until(() -> orders.stream()
                        .allMatch(order ->
                                EventLog.get().byKey(Topics.PAYMENTS, order).size() == 1));
        for (var order : orders) {
            assertThat(EventLog.get().byKey(Topics.PAYMENTS, order))
                    .as("outcome of order %s", order)
                    .singleElement()
                    .satisfies(event -> assertThat(event.type()).isEqualTo("dev.shop.payment.PaymentSucceeded"));
            assertThat(succeededCharges(order)).as("charges of order %s", order).hasSize(1);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> breaker.getState() == CircuitBreaker.State.CLOSED);
    }

    private double shortCircuited() {
        return meters.find("shop.payment.provider.not.sent").tag("reason", "breaker_open").counters().stream()
                .mapToDouble(counter -> counter.count())
                .sum();
    }
}
