package dev.shop.cart.order;

import dev.shop.common.events.Money;
import dev.shop.common.events.cart.CancellationReason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An order: what the customer bought at checkout (lines, prices, total, address, payment method, e-mail), immutable,
 * and where it stands in the saga. Each state change is a named method for what happened; it returns the changed
 * order, or nothing when the event changes nothing (a duplicate, a late or out-of-order event), so a state never moves
 * backwards and the history only records real changes.
 *
 * <pre>
 * PENDING ──stockReserved──▶ AWAITING_PAYMENT ──paymentSucceeded──▶ CONFIRMED ──refunded──▶ REFUNDED
 *    │                              │
 *    └─ stockRejected, timedOut,    └─ paymentFailed, timedOut, cancelledByCustomer ──▶ CANCELLED (reason)
 *       cancelledByCustomer ──▶ CANCELLED (reason)
 * </pre>
 *
 * @param version grows with every change; the repository writes a change only over the version it read
 * @param history every state reached, oldest first; the first entry is {@code PENDING} at placement
 */
public record Order(
        UUID id,
        String customerId,
        @Nullable String customerEmail,
        @Nullable String customerLocale,
        OrderStatus status,
        @Nullable CancellationReason cancellationReason,
        PaymentStatus paymentStatus,
        String paymentMethod,
        List<OrderLine> lines,
        Money total,
        ShippingAddress shippingAddress,
        Instant placedAt,
        Instant updatedAt,
        long version,
        List<StateChange> history) {

    public Order {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(paymentStatus, "paymentStatus");
        Objects.requireNonNull(paymentMethod, "paymentMethod");
        Objects.requireNonNull(total, "total");
        Objects.requireNonNull(shippingAddress, "shippingAddress");
        lines = List.copyOf(lines);
        history = List.copyOf(history);
        if ((status == OrderStatus.CANCELLED) != (cancellationReason != null)) {
            throw new IllegalArgumentException("A cancelled order, and only a cancelled order, has a reason");
        }
    }

    /** A new order ({@code PENDING}) of these lines; the total is their sum. */
    public static Order place(
            UUID id,
            String customerId,
            @Nullable String customerEmail,
            @Nullable String customerLocale,
            List<OrderLine> lines,
            ShippingAddress shippingAddress,
            String paymentMethod,
            Instant now) {
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("An order needs at least one line");
        }
        Money total =
                lines.stream().map(OrderLine::lineTotal).reduce(Money::plus).orElseThrow();
        return new Order(
                id,
                customerId,
                customerEmail,
                customerLocale,
                OrderStatus.PENDING,
                null,
                PaymentStatus.NOT_REQUESTED,
                paymentMethod,
                lines,
                total,
                shippingAddress,
                now,
                now,
                1,
                List.of(new StateChange(OrderStatus.PENDING, null, now)));
    }

    /** catalog reserved every line: the payment is requested. */
    public Optional<Order> stockReserved(Instant at) {
        if (status != OrderStatus.PENDING) {
            return Optional.empty();
        }
        return Optional.of(moveTo(OrderStatus.AWAITING_PAYMENT, null, PaymentStatus.REQUESTED, at));
    }

    /** catalog could not reserve every line. */
    public Optional<Order> stockRejected(Instant at) {
        if (status != OrderStatus.PENDING) {
            return Optional.empty();
        }
        return Optional.of(moveTo(OrderStatus.CANCELLED, CancellationReason.OUT_OF_STOCK, paymentStatus, at));
    }

    /**
     * The charge of {@code amount} succeeded. An order awaiting payment is confirmed when that is its total, and
     * cancelled ({@code PAYMENT_AMOUNT_MISMATCH}) when it is not: it was charged, but not what the customer agreed to.
     * A cancelled order stays cancelled but records that it was charged, so that the charge can be refunded.
     */
    public Optional<Order> paymentSucceeded(Money amount, Instant at) {
        if (status == OrderStatus.AWAITING_PAYMENT) {
            return amount.equals(total)
                    ? Optional.of(moveTo(OrderStatus.CONFIRMED, null, PaymentStatus.SUCCEEDED, at))
                    : Optional.of(moveTo(
                            OrderStatus.CANCELLED,
                            CancellationReason.PAYMENT_AMOUNT_MISMATCH,
                            PaymentStatus.SUCCEEDED,
                            at));
        }
        if (status == OrderStatus.CANCELLED
                && paymentStatus != PaymentStatus.SUCCEEDED
                && paymentStatus != PaymentStatus.REFUNDED) {
            return Optional.of(withPayment(PaymentStatus.SUCCEEDED, at));
        }
        return Optional.empty();
    }

    /** The charge was declined ({@code PAYMENT_DECLINED}) or failed otherwise ({@code PAYMENT_FAILED}). */
    public Optional<Order> paymentFailed(CancellationReason reason, Instant at) {
        if (reason != CancellationReason.PAYMENT_DECLINED && reason != CancellationReason.PAYMENT_FAILED) {
            throw new IllegalArgumentException("Not a payment failure: " + reason);
        }
        if (status != OrderStatus.AWAITING_PAYMENT) {
            return Optional.empty();
        }
        return Optional.of(moveTo(OrderStatus.CANCELLED, reason, PaymentStatus.FAILED, at));
    }

    /** The charge was refunded: a confirmed order becomes {@code REFUNDED}; a cancelled one records the refund. */
    public Optional<Order> refunded(Instant at) {
        if (status == OrderStatus.CONFIRMED) {
            return Optional.of(moveTo(OrderStatus.REFUNDED, null, PaymentStatus.REFUNDED, at));
        }
        if (status == OrderStatus.CANCELLED && paymentStatus == PaymentStatus.SUCCEEDED) {
            return Optional.of(withPayment(PaymentStatus.REFUNDED, at));
        }
        return Optional.empty();
    }

    /** Nothing settled the order in time. */
    public Optional<Order> timedOut(Instant at) {
        if (!status.open()) {
            return Optional.empty();
        }
        return Optional.of(moveTo(OrderStatus.CANCELLED, CancellationReason.TIMED_OUT, paymentStatus, at));
    }

    /**
     * The customer cancels. Allowed until the payment has succeeded; cancelling a cancelled order changes nothing.
     *
     * @throws OrderNotCancellable once the order is paid (confirmed or refunded)
     */
    public Optional<Order> cancelledByCustomer(Instant at) {
        if (status == OrderStatus.CANCELLED) {
            return Optional.empty();
        }
        if (!status.open() || paymentStatus == PaymentStatus.SUCCEEDED) {
            throw new OrderNotCancellable(id, status);
        }
        return Optional.of(moveTo(OrderStatus.CANCELLED, CancellationReason.CUSTOMER_CANCELLED, paymentStatus, at));
    }

    /** The history entries that {@code this} has beyond {@code before}'s: what a save must append. */
    public List<StateChange> changesSince(Order before) {
        return history.subList(before.history.size(), history.size());
    }

    private Order moveTo(OrderStatus next, @Nullable CancellationReason reason, PaymentStatus payment, Instant at) {
        List<StateChange> changed = new ArrayList<>(history);
        changed.add(new StateChange(next, reason, at));
        return new Order(
                id,
                customerId,
                customerEmail,
                customerLocale,
                next,
                reason,
                payment,
                paymentMethod,
                lines,
                total,
                shippingAddress,
                placedAt,
                at,
                version + 1,
                changed);
    }

    private Order withPayment(PaymentStatus payment, Instant at) {
        return new Order(
                id,
                customerId,
                customerEmail,
                customerLocale,
                status,
                cancellationReason,
                payment,
                paymentMethod,
                lines,
                total,
                shippingAddress,
                placedAt,
                at,
                version + 1,
                history);
    }
}
