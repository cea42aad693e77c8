package dev.shop.payment.payment;

import dev.shop.common.problem.ProblemType;
import dev.shop.common.problem.ShopException;

/** No such payment, or none that the caller may see (another customer's order is not found either). */
public final class PaymentNotFound extends ShopException {

    PaymentNotFound(String detail) {
        super(ProblemType.NOT_FOUND, detail);
    }
}
