package dev.shop.cart.order;

import dev.shop.common.problem.ProblemType;
import dev.shop.common.problem.ShopException;
import java.util.UUID;

/** No order with this id belongs to the customer; whether it belongs to someone else is not told. */
public class OrderNotFound extends ShopException {

    public OrderNotFound(UUID id) {
        super(ProblemType.NOT_FOUND, "You have no order with id " + id + ".");
    }
}
