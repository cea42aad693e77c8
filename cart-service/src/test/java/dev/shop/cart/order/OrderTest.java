package dev.shop.cart.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shop.common.events.Money;
import dev.shop.common.events.cart.CancellationReason;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class OrderTest {

    private static final Instant PLACED = Instant.parse("2026-01-01T10:00:00Z");
    private static final Instant LATER = PLACED.plusSeconds(5);
    private static final Instant LATEST = PLACED.plusSeconds(10);
    private static final Money TOTAL = new Money(2 * 1999 + 450, "EUR");

    @Test
    void placesAPendingOrderWhoseTotalIsTheSumOfItsLines() {
        var order = placed();

        assertThat(order.status()).isEqualTo(OrderStatus.PENDING);
        assertThat(order.paymentStatus()).isEqualTo(PaymentStatus.NOT_REQUESTED);
        assertThat(order.total()).isEqualTo(new Money(2 * 1999 + 450, "EUR"));
        assertThat(order.history()).containsExactly(new StateChange(OrderStatus.PENDING, null, PLACED));
        assertThat(order.version()).isEqualTo(1);
    }

    @Test
    void refusesAnOrderWithoutLines() {
        assertThatThrownBy(() ->
                        Order.place(UUID.randomUUID(), "c", null, null, List.of(), address(), "pm_card_visa", PLACED))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void goesThroughTheHappyPathRecordingEveryState() {
        var confirmed = placed().stockReserved(LATER)
                .orElseThrow()
                .paymentSucceeded(TOTAL, LATEST)
                .orElseThrow();

        assertThat(confirmed.status()).isEqualTo(OrderStatus.CONFIRMED);
        assertThat(confirmed.paymentStatus()).isEqualTo(PaymentStatus.SUCCEEDED);
        assertThat(confirmed.history().stream().map(StateChange::status))
                .containsExactly(OrderStatus.PENDING, OrderStatus.AWAITING_PAYMENT, OrderStatus.CONFIRMED);
        assertThat(confirmed.version()).isEqualTo(3);
        assertThat(confirmed.updatedAt()).isEqualTo(LATEST);
    }

    @Test
    void cancelsAnOrderChargedAnotherAmountThanItsTotalInsteadOfConfirmingIt() {
        var awaiting = placed().stockReserved(LATER).orElseThrow();

        for (var charged : List.of(new Money(TOTAL.amount() - 1, "EUR"), new Money(TOTAL.amount() + 1, "EUR"))) {
            var cancelled = awaiting.paymentSucceeded(charged, LATEST).orElseThrow();

            assertThat(cancelled.status()).isEqualTo(OrderStatus.CANCELLED);
            assertThat(cancelled.cancellationReason()).isEqualTo(CancellationReason.PAYMENT_AMOUNT_MISMATCH);
            // charged all the same: what payment-service refunds
            assertThat(cancelled.paymentStatus()).isEqualTo(PaymentStatus.SUCCEEDED);
            assertThat(cancelled.paymentSucceeded(TOTAL, LATEST))
                    .as("the right amount after all")
                    .isEmpty();
        }
    }

    @Test
    void ignoresDuplicateAndOutOfOrderEvents() {
        var awaiting = placed().stockReserved(LATER).orElseThrow();
        var confirmed = awaiting.paymentSucceeded(TOTAL, LATEST).orElseThrow();

        assertThat(awaiting.stockReserved(LATEST)).as("a duplicate").isEmpty();
        assertThat(awaiting.stockRejected(LATEST))
                .as("a rejection after a reservation")
                .isEmpty();
        assertThat(confirmed.paymentSucceeded(TOTAL, LATEST)).isEmpty();
        assertThat(confirmed.paymentFailed(CancellationReason.PAYMENT_DECLINED, LATEST))
                .isEmpty();
        assertThat(confirmed.timedOut(LATEST)).as("a timeout after the outcome").isEmpty();
        assertThat(placed().paymentSucceeded(TOTAL, LATER))
                .as("payment before reservation")
                .isEmpty();
        assertThat(placed().refunded(LATER)).isEmpty();
    }

    @Test
    void cancelsWithTheReasonOfWhatHappened() {
        assertThat(placed().stockRejected(LATER).orElseThrow().cancellationReason())
                .isEqualTo(CancellationReason.OUT_OF_STOCK);
        var declined = placed().stockReserved(LATER)
                .orElseThrow()
                .paymentFailed(CancellationReason.PAYMENT_DECLINED, LATEST)
                .orElseThrow();
        assertThat(declined.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(declined.paymentStatus()).isEqualTo(PaymentStatus.FAILED);
        assertThat(placed().timedOut(LATER).orElseThrow().cancellationReason()).isEqualTo(CancellationReason.TIMED_OUT);
        assertThatThrownBy(() -> placed().paymentFailed(CancellationReason.OUT_OF_STOCK, LATER))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void letsTheCustomerCancelUntilThePaymentHasSucceeded() {
        var pending = placed().cancelledByCustomer(LATER).orElseThrow();
        var awaiting = placed().stockReserved(LATER)
                .orElseThrow()
                .cancelledByCustomer(LATEST)
                .orElseThrow();
        var confirmed = placed().stockReserved(LATER)
                .orElseThrow()
                .paymentSucceeded(TOTAL, LATEST)
                .orElseThrow();

        assertThat(pending.cancellationReason()).isEqualTo(CancellationReason.CUSTOMER_CANCELLED);
        assertThat(awaiting.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(pending.cancelledByCustomer(LATEST)).as("already cancelled").isEmpty();
        assertThatThrownBy(() -> confirmed.cancelledByCustomer(LATEST)).isInstanceOf(OrderNotCancellable.class);
        assertThatThrownBy(() -> confirmed.refunded(LATEST).orElseThrow().cancelledByCustomer(LATEST))
                .isInstanceOf(OrderNotCancellable.class);
    }

    @Test
    void recordsAPaymentThatSucceedsForACancelledOrderWithoutReopeningIt() {
        var cancelled =
                placed().stockReserved(LATER).orElseThrow().timedOut(LATER).orElseThrow();

        var charged = cancelled.paymentSucceeded(TOTAL, LATEST).orElseThrow();
        var refunded = charged.refunded(LATEST).orElseThrow();

        assertThat(charged.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(charged.paymentStatus()).isEqualTo(PaymentStatus.SUCCEEDED);
        assertThat(charged.history()).isEqualTo(cancelled.history());
        assertThat(refunded.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(refunded.paymentStatus()).isEqualTo(PaymentStatus.REFUNDED);
        assertThat(refunded.paymentSucceeded(TOTAL, LATEST)).isEmpty();
    }

    @Test
    void refundsAConfirmedOrder() {
        var refunded = placed().stockReserved(LATER)
                .orElseThrow()
                .paymentSucceeded(TOTAL, LATER)
                .orElseThrow()
                .refunded(LATEST)
                .orElseThrow();

        assertThat(refunded.status()).isEqualTo(OrderStatus.REFUNDED);
        assertThat(refunded.refunded(LATEST)).isEmpty();
    }

    @Test
    void tellsWhichHistoryEntriesAreNew() {
        var before = placed();
        var after = before.stockReserved(LATER).orElseThrow();

        assertThat(after.changesSince(before))
                .containsExactly(new StateChange(OrderStatus.AWAITING_PAYMENT, null, LATER));
    }

    private static Order placed() {
        return Order.place(
                UUID.randomUUID(),
                "customer-1",
                "alice@example.com",
                "en",
                List.of(
                        new OrderLine(UUID.randomUUID(), "LAMP-1", "Lamp", 2, new Money(1999, "EUR")),
                        new OrderLine(UUID.randomUUID(), "MUG-1", "Mug", 1, new Money(450, "EUR"))),
                address(),
                "pm_card_visa",
                PLACED);
    }

    private static ShippingAddress address() {
        return new ShippingAddress("Alice", "1 Main Street", null, "Berlin", "10115", "DE");
    }
}
