package dev.shop.payment.payment;

import dev.shop.common.problem.ProblemType;
import dev.shop.common.problem.ShopException;
import java.util.UUID;

/** Only a succeeded payment can be refunded: this one is pending, failed, cancelled or refunded already. */
public final class PaymentNotRefundable extends ShopException {

    PaymentNotRefundable(UUID paymentId, PaymentStatus status) {
        super(
                ProblemType.CONFLICT,
                "Payment " + paymentId + " is " + status + "; only a SUCCEEDED payment can be refunded.");
    }
}
