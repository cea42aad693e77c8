package dev.shop.payment.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.shop.common.events.Topics;
import dev.shop.common.events.cart.CancellationReason;
import dev.shop.common.events.cart.OrderCancelled;
import dev.shop.common.test.EventLog;
import dev.shop.localstack.stripe.FaultPlan;
import dev.shop.payment.IntegrationTestSupport;
import dev.shop.payment.OrdersTopic;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class OrderCancellationIntegrationTest extends IntegrationTestSupport {

    @Test
    void refundsALateSuccessForATimedOutOrder() {
        // given: the provider is slow to charge (3 s; the service gives up waiting after 1 s and keeps it pending)
        var order = requestPayment(
                5100,
                "pm_card_visa",
                FaultPlan.latencyOf(Duration.ofSeconds(3)).only("confirm").times(1));
        await().atMost(OUTCOME_TIMEOUT).pollInterval(Duration.ofMillis(10)).until(() -> requests(order, "confirm") > 0);

        // when: the order times out while the charge is under way, and the charge then succeeds
        OrdersTopic.get().publish(new OrderCancelled(order, CancellationReason.TIMED_OUT));

        // then: the success is reported, then given back; one charge, one refund
        await().atMost(OUTCOME_TIMEOUT).until(() -> "REFUNDED".equals(status(order)));
        await().atMost(OUTCOME_TIMEOUT)
                .until(() -> EventLog.get().byKey(Topics.PAYMENTS, order).size() == 2);
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(3))
                .until(() -> EventLog.get().byKey(Topics.PAYMENTS, order).size() == 2);
        assertThat(EventLog.get().byKey(Topics.PAYMENTS, order))
                .extracting(EventLog.Received::type)
                .containsExactly("dev.shop.payment.PaymentSucceeded", "dev.shop.payment.PaymentRefunded");
        assertThat(simulator().charges(order)).singleElement().satisfies(charge -> {
            assertThat(charge.succeeded()).isTrue();
            assertThat(charge.amountRefunded()).isEqualTo(5100);
        });
    }

    @Test
    void refundsAPaymentThatSucceededJustBeforeItsOrderWasCancelled() {
        var order = requestPayment(1700, "pm_card_visa");
        awaitOutcome(order);

        OrdersTopic.get().publish(new OrderCancelled(order, CancellationReason.TIMED_OUT));

        await().atMost(OUTCOME_TIMEOUT)
                .until(() -> events(order, "PaymentRefunded").size() == 1);
        assertThat(status(order)).isEqualTo("REFUNDED");
        assertThat(simulator().charges(order))
                .singleElement()
                .satisfies(charge -> assertThat(charge.amountRefunded()).isEqualTo(1700));
    }

    @Test
    void neverChargesAPaymentWhoseOrderIsCancelledBeforeTheChargeStarted() {
        // given: the provider is unreachable, so the payment waits without an intent
        var order = requestPayment(2200, "pm_card_visa", FaultPlan.outage());
        await().atMost(OUTCOME_TIMEOUT).until(() -> "PENDING".equals(status(order)));

        // when
        OrdersTopic.get().publish(new OrderCancelled(order, CancellationReason.CUSTOMER_CANCELLED));
        await().atMost(OUTCOME_TIMEOUT).until(() -> "CANCELLED".equals(status(order)));
        simulator().clearFaults();

        // then: nothing is charged once the provider is back, and nothing is reported
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(4))
                .until(() -> "CANCELLED".equals(status(order)));
        assertThat(simulator().charges(order)).isEmpty();
        assertThat(EventLog.get().byKey(Topics.PAYMENTS, order)).isEmpty();
    }

    @Test
    void ignoresTheCancellationOfAnOrderWhosePaymentFailed() {
        var order = requestPayment(1100, "pm_card_chargeDeclined");
        awaitOutcome(order);

        OrdersTopic.get().publish(new OrderCancelled(order, CancellationReason.PAYMENT_DECLINED));

        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> "FAILED".equals(status(order)));
        assertThat(EventLog.get().byKey(Topics.PAYMENTS, order)).hasSize(1);
    }
}
