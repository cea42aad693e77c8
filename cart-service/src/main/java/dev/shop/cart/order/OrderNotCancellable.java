package dev.shop.cart.order;

import dev.shop.common.problem.ProblemType;
import dev.shop.common.problem.ShopException;
import java.util.Map;
import java.util.UUID;

/** The order is paid (confirmed or refunded): the customer can no longer cancel it; a refund is the way back. */
public class OrderNotCancellable extends ShopException {

    private final OrderStatus status;

    public OrderNotCancellable(UUID id, OrderStatus status) {
        super(
                ProblemType.ORDER_NOT_CANCELLABLE,
                "Order " + id + " is " + status + ": it is paid and can no longer be cancelled.");
        this.status = status;
    }

    @Override
    public Map<String, Object> properties() {
        return Map.of("orderStatus", status.name());
    }
}
