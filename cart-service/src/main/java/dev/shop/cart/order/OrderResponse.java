package dev.shop.cart.order;

import dev.shop.common.events.Money;
import dev.shop.common.events.cart.CancellationReason;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An order on the wire.
 *
 * @param cancellationReason set when, and only when, the status is {@code CANCELLED}
 * @param email where order mail goes: the {@code email} of the customer's token at checkout
 * @param history every state the order reached, oldest first, with when
 */
public record OrderResponse(
        UUID id,
        OrderStatus status,
        @Nullable CancellationReason cancellationReason,
        PaymentStatus paymentStatus,
        List<Line> lines,
        Money total,
        ShippingAddress shippingAddress,
        String paymentMethod,
        @Nullable String email,
        Instant placedAt,
        Instant updatedAt,
        List<StateChange> history) {

    /** One product of the order at its checkout price. */
    @Schema(name = "OrderLine")
    public record Line(UUID productId, String sku, String name, int quantity, Money unitPrice, Money lineTotal) {}

    public static OrderResponse of(Order order) {
        return new OrderResponse(
                order.id(),
                order.status(),
                order.cancellationReason(),
                order.paymentStatus(),
                order.lines().stream()
                        .map(line -> new Line(
                                line.productId(),
                                line.sku(),
                                line.name(),
                                line.quantity(),
                                line.unitPrice(),
                                line.lineTotal()))
                        .toList(),
                order.total(),
                order.shippingAddress(),
                order.paymentMethod(),
                order.customerEmail(),
                order.placedAt(),
                order.updatedAt(),
                order.history());
    }
}
