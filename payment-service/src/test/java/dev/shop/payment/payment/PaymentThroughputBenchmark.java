package dev.shop.payment.payment;

import static org.awaitility.Awaitility.await;

import dev.shop.common.events.Topics;
import dev.shop.common.test.EventLog;
import dev.shop.localstack.stripe.FaultPlan;
import dev.shop.payment.IntegrationTestSupport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * How fast payments go through, end to end on the real broker, database and simulator: a burst of
 * {@code PaymentRequested}, then the time until every outcome is on {@code payments.v1}. Prints figures, asserts
 * nothing; not part of {@code mvn verify}.
 */
class PaymentThroughputBenchmark extends IntegrationTestSupport {

    private static final int PAYMENTS = Integer.getInteger("payments", 500);

    @Test
    void burstOfPaymentsWithAFastProvider() {
        run("provider answers at once", FaultPlan.none());
    }

    @Test
    void burstOfPaymentsWithAProviderTaking200Milliseconds() {
        run("provider takes 200 ms per request", FaultPlan.latencyOf(Duration.ofMillis(200)));
    }

    private void run(String label, FaultPlan plan) {
        simulator().inject(plan);
        // warm-up: the first payments pay for class loading and connection set-up
        var warmUp = new ArrayList<UUID>();
        for (int i = 0; i < 50; i++) {
            warmUp.add(requestPayment(100, "pm_card_visa"));
        }
        await().atMost(Duration.ofMinutes(2))
                .until(() -> warmUp.stream()
                        .allMatch(order ->
                                !EventLog.get().byKey(Topics.PAYMENTS, order).isEmpty()));

        var published = new LinkedHashMap<UUID, Long>();
        var begin = System.nanoTime();
        for (int i = 0; i < PAYMENTS; i++) {
            published.put(requestPayment(100 + i, "pm_card_visa"), System.nanoTime());
        }
        await().atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> published.keySet().stream()
                        .allMatch(order ->
                                !EventLog.get().byKey(Topics.PAYMENTS, order).isEmpty()));
        var latencies = published.entrySet().stream()
                .mapToLong(entry -> EventLog.get()
                                .byKey(Topics.PAYMENTS, entry.getKey())
                                .getFirst()
                                .receivedNanos()
                        - entry.getValue())
                .sorted()
                .toArray();
        var last = published.keySet().stream()
                .mapToLong(order ->
                        EventLog.get().byKey(Topics.PAYMENTS, order).getFirst().receivedNanos())
                .max()
                .orElseThrow();
        var seconds = (last - begin) / 1e9;
        System.out.printf(
                Locale.ROOT,
                "%n[benchmark] %s: %d payments in %.1f s = %.0f payments/s; request -> outcome p50 %d ms, p99 %d ms,"
                        + " max %d ms%n",
                label,
                PAYMENTS,
                seconds,
                PAYMENTS / seconds,
                latencies[latencies.length / 2] / 1_000_000,
                latencies[(int) (latencies.length * 0.99)] / 1_000_000,
                latencies[latencies.length - 1] / 1_000_000);
    }
}
