package dev.shop.payment.payment;

import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** The payments of an order, for its owner or an admin; to anyone else the order has none (404, not 403). */
@Component
public class PaymentHistory {

    private final PaymentRepository payments;

    PaymentHistory(PaymentRepository payments) {
        this.payments = payments;
    }

    public Mono<List<PaymentView>> ofOrder(UUID orderId, String userId, boolean admin) {
        return payments.viewsOfOrder(orderId)
                .filter(payment -> admin || payment.userId().equals(userId))
                .collectList()
                .filter(found -> !found.isEmpty())
                .switchIfEmpty(Mono.error(() -> new PaymentNotFound("No payments found for order " + orderId + ".")));
    }
}
