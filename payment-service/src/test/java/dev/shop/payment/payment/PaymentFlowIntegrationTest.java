package dev.shop.payment.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.shop.common.events.EventMetadata;
import dev.shop.common.events.Money;
import dev.shop.common.events.Topics;
import dev.shop.common.events.cart.PaymentRequested;
import dev.shop.common.test.EventLog;
import dev.shop.payment.IntegrationTestSupport;
import dev.shop.payment.OrdersTopic;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PaymentFlowIntegrationTest extends IntegrationTestSupport {

    @Test
    void chargesAVisaCardOnceForExactlyTheOrdersAmount() {
        var order = requestPayment(4599, "pm_card_visa");

        var events = awaitOutcome(order);

        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo("dev.shop.payment.PaymentSucceeded");
            assertThat(event.json()).contains("\"amount\":4599").contains("\"currency\":\"EUR\"");
        });
        assertThat(succeededCharges(order)).singleElement().satisfies(charge -> {
            assertThat(charge.amount()).isEqualTo(4599);
            assertThat(charge.currency()).isEqualTo("eur");
        });
        assertThat(status(order)).isEqualTo("SUCCEEDED");
    }

    @Test
    void reportsADeclinedCardAsPaymentDeclined() {
        var order = requestPayment(1299, "pm_card_chargeDeclined");

        var events = awaitOutcome(order);

        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo("dev.shop.payment.PaymentFailed");
            assertThat(event.json()).contains("\"reason\":\"PAYMENT_DECLINED\"");
        });
        assertThat(succeededCharges(order)).isEmpty();
        assertThat(status(order)).isEqualTo("FAILED");
    }

    @Test
    void reportsAPaymentMethodTheProviderDoesNotKnowAsPaymentFailed() {
        var order = requestPayment(1299, "pm_card_unknown");

        var events = awaitOutcome(order);

        assertThat(events)
                .singleElement()
                .satisfies(event -> assertThat(event.json()).contains("\"reason\":\"PAYMENT_FAILED\""));
        assertThat(simulator().charges(order)).isEmpty();
    }

    @Test
    void failsANonPositiveAmountWithoutAskingTheProvider() {
        var order = requestPayment(0, "pm_card_visa");

        var events = awaitOutcome(order);

        assertThat(events)
                .singleElement()
                .satisfies(event -> assertThat(event.json()).contains("\"reason\":\"PAYMENT_FAILED\""));
        assertThat(simulator().charges(order)).isEmpty();
    }

    @Test
    void chargesOnceWhenPaymentRequestedIsDeliveredTwiceOrRequestedAgain() {
        var request = new PaymentRequested(UUID.randomUUID(), "user-1", new Money(2500, "EUR"), "pm_card_visa");
        var metadata = EventMetadata.newFor(request, Instant.now(), null);

        OrdersTopic.get().publish(request, metadata);
        OrdersTopic.get().publish(request, metadata); // a redelivery: the same ce_id
        OrdersTopic.get().publish(request, EventMetadata.newFor(request, Instant.now(), null)); // asked again
        var events = awaitOutcome(request.orderId());
        await().during(java.time.Duration.ofSeconds(2))
                .atMost(java.time.Duration.ofSeconds(5))
                .until(() ->
                        EventLog.get().byKey(Topics.PAYMENTS, request.orderId()).size() == 1);

        assertThat(events)
                .singleElement()
                .satisfies(event -> assertThat(event.type()).isEqualTo("dev.shop.payment.PaymentSucceeded"));
        assertThat(simulator().charges(request.orderId())).hasSize(1);
        assertThat(payments(request.orderId())).isEqualTo(1);
    }
}
