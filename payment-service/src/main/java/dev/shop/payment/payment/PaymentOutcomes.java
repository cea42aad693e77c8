package dev.shop.payment.payment;

import dev.shop.common.events.payment.PaymentFailed;
import dev.shop.common.events.payment.PaymentFailureReason;
import dev.shop.common.events.payment.PaymentSucceeded;
import dev.shop.common.outbox.OutboxWriter;
import dev.shop.common.tracing.InTrace;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Final outcomes: the payment's state and its event commit together, and only the caller whose conditional update
 * moved the payment out of {@code PENDING} writes the event, so each outcome is published once.
 */
@Component
class PaymentOutcomes {

    private static final Logger log = LoggerFactory.getLogger(PaymentOutcomes.class);

    private final PaymentRepository payments;
    private final OutboxWriter outbox;
    private final TransactionalOperator transactions;
    private final MeterRegistry meters;

    PaymentOutcomes(
            PaymentRepository payments, OutboxWriter outbox, TransactionalOperator transactions, MeterRegistry meters) {
        this.payments = payments;
        this.outbox = outbox;
        this.transactions = transactions;
        this.meters = meters;
    }

    Mono<Void> succeeded(Payment payment) {
        var change = payments.complete(payment.id(), PaymentStatus.SUCCEEDED, null)
                .filter(moved -> moved)
                .flatMap(
                        moved -> outbox.append(new PaymentSucceeded(payment.orderId(), payment.id(), payment.amount())))
                .handle(InTrace.peek(event -> {
                    count("succeeded");
                    log.info("Payment {} of order {} succeeded", payment.id(), payment.orderId());
                }));
        return transactions.transactional(change).then();
    }

    Mono<Void> failed(Payment payment, PaymentFailureReason reason, String why) {
        var change = payments.complete(payment.id(), PaymentStatus.FAILED, reason)
                .filter(moved -> moved)
                .flatMap(moved -> outbox.append(new PaymentFailed(payment.orderId(), payment.id(), reason)))
                .handle(InTrace.peek(event -> {
                    count(reason == PaymentFailureReason.PAYMENT_DECLINED ? "declined" : "failed");
                    log.info("Payment {} of order {} failed ({}): {}", payment.id(), payment.orderId(), reason, why);
                }));
        return transactions.transactional(change).then();
    }

    private void count(String outcome) {
        meters.counter("shop.payment.outcomes", "outcome", outcome).increment();
    }
}
