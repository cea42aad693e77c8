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
    void keepsPaymentsPendingThroughA30SecondOutageAndChargesEachOnceAfterIt() throws Exception {
        var breaker = breakers.circuitBreaker("stripe");
        var shortCircuitedBefore = shortCircuited();
        simulator().inject(FaultPlan.outage());
        var orders = new ArrayList<UUID>();
        var breakerOpened = false;

        // a stream of payment requests for as long as the provider is down: one every 300 ms
        var end = System.nanoTime() + OUTAGE.toNanos();
        while (System.nanoTime() < end) {
            orders.add(requestPayment(1000 + orders.size(), "pm_card_visa"));
            breakerOpened |= breaker.getState() == CircuitBreaker.State.OPEN;
            Thread.sleep(300); // the test's own thread paces the stream
        }
        var settledDuringOutage = orders.stream()
                .filter(order -> !EventLog.get().byKey(Topics.PAYMENTS, order).isEmpty())
                .count();
        var notPending = orders.stream()
                .map(order -> status(order))
                .filter(status -> status != null && !status.equals("PENDING")) // null: the last ones, not yet recorded
                .count();
        simulator().clearFaults();

        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> orders.stream()
                        .allMatch(order ->
                                !EventLog.get().byKey(Topics.PAYMENTS, order).isEmpty()));
        Thread.sleep(1000); // the test's thread: room for a duplicate outcome, if there were one

        assertThat(orders).hasSizeGreaterThan(90);
        assertThat(breakerOpened).as("the breaker opened during the outage").isTrue();
        assertThat(shortCircuited() - shortCircuitedBefore)
                .as("requests not sent while the breaker was open")
                .isPositive();
        assertThat(settledDuringOutage).as("outcomes during the outage").isZero();
        assertThat(notPending)
                .as("payments that left PENDING during the outage")
                .isZero();
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
