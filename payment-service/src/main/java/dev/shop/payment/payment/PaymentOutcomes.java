package dev.shop.payment.payment;

import dev.shop.common.events.Money;
import dev.shop.common.events.payment.PaymentFailed;
import dev.shop.common.events.payment.PaymentFailureReason;
import dev.shop.common.events.payment.PaymentSucceeded;
import dev.shop.common.outbox.OutboxWriter;
import dev.shop.common.tracing.InTrace;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Final outcomes: the payment's state and its event commit together, and only the caller whose compare-and-set moved
 * the payment writes the event, so each outcome is published once.
 *
 * <p>A success is the provider's word that money was taken, so it is recorded whatever the payment's state: also for
 * a payment given up as failed or cancelled (a charge that came late, or made at the provider by hand). Such a payment
 * owes a refund at once; {@code PaymentSucceeded} tells cart-service it was charged (its order stays cancelled), and
 * {@code PaymentRefunded} follows once the money is back. {@code shop.payment.late.successes} counts these, and an
 * alert fires on them.
 */
@Component
class PaymentOutcomes {

    private static final Logger log = LoggerFactory.getLogger(PaymentOutcomes.class);

    private final PaymentRepository payments;
    private final OutboxWriter outbox;
    private final TransactionalOperator transactions;
    private final MeterRegistry meters;
    private final Counter lateSuccesses;

    PaymentOutcomes(
            PaymentRepository payments, OutboxWriter outbox, TransactionalOperator transactions, MeterRegistry meters) {
        this.payments = payments;
        this.outbox = outbox;
        this.transactions = transactions;
        this.meters = meters;
        this.lateSuccesses = Counter.builder("shop.payment.late.successes")
                .description("Charges that succeeded for a payment already given up as failed or cancelled; each is"
                        + " refunded")
                .register(meters);
    }

    /** The provider charged {@code charged} for the payment. */
    Mono<Void> succeeded(Payment payment, Money charged) {
        var change = payments.change(payment, current -> current.succeeded())
                .flatMap(moved -> outbox.append(new PaymentSucceeded(payment.orderId(), payment.id(), charged))
                        .thenReturn(moved.before().status()))
                .handle(InTrace.peek(previous -> {
                    count("succeeded");
                    if (previous == PaymentStatus.FAILED || previous == PaymentStatus.CANCELLED) {
                        lateSuccesses.increment();
                        log.error(
                                "Payment {} of order {} was {} but the provider charged {} {}: it is refunded",
                                payment.id(),
                                payment.orderId(),
                                previous,
                                charged.amount(),
                                charged.currency());
                    } else {
                        log.info("Payment {} of order {} succeeded", payment.id(), payment.orderId());
                    }
                }));
        return transactions.transactional(change).then();
    }

    Mono<Void> failed(Payment payment, PaymentFailureReason reason, String why) {
        var change = payments.change(payment, current -> current.failed(reason))
                .flatMap(moved -> outbox.append(new PaymentFailed(payment.orderId(), payment.id(), reason)))
                .handle(InTrace.peek(event -> {
                    count(reason == PaymentFailureReason.PAYMENT_DECLINED ? "declined" : "failed");
                    log.info("Payment {} of order {} failed ({}): {}", payment.id(), payment.orderId(), reason, why);
                }));
        return transactions.transactional(change).then();
    }

    /**
     * The service cannot tell whether the payment was charged and will not risk charging it again: it waits for a
     * person ({@code NEEDS_ATTENTION}; alert {@code ShopPaymentNeedsAttention}), with {@code why} kept as its last
     * error. Nothing is published: its order times out, and a success the provider reports later is still recorded
     * (and refunded if the order is cancelled by then).
     */
    Mono<Void> needsAttention(Payment payment, String why) {
        return payments.change(payment, Payment::parked, Duration.ZERO, why)
                .handle(InTrace.peek(moved -> {
                    count("needs_attention");
                    log.error("Payment {} of order {} needs a person: {}", payment.id(), payment.orderId(), why);
                }))
                .then();
    }

    private void count(String outcome) {
        meters.counter("shop.payment.outcomes", "outcome", outcome).increment();
    }
}
