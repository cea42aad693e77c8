package dev.shop.common.testapp;

import dev.shop.common.problem.ProblemType;
import dev.shop.common.problem.ShopException;
import java.util.Map;
import java.util.UUID;

/** A domain exception as a service would write one. */
class OrderNotCancellable extends ShopException {

    private final UUID orderId;

    OrderNotCancellable(UUID orderId) {
        super(ProblemType.ORDER_NOT_CANCELLABLE, "Order " + orderId + " is paid and can no longer be cancelled.");
        this.orderId = orderId;
    }

    @Override
    public Map<String, Object> properties() {
        return Map.of("orderId", orderId);
    }
}
