package dev.shop.payment.payment;

import dev.shop.common.events.cart.PaymentRequested;
import dev.shop.common.events.payment.PaymentFailureReason;
import dev.shop.common.tracing.InTrace;
import io.micrometer.observation.Observation;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionSynchronization;
import org.springframework.transaction.reactive.TransactionSynchronizationManager;
import reactor.core.publisher.Mono;

/**
 * {@code PaymentRequested}: records the order's payment as pending in the consumer's transaction and, once that
 * commits, hands its first attempt to {@link FirstAttempts} without making the listener wait. The Kafka listener is thus
 * never held by the provider (nor by its circuit breaker); a payment whose first attempt cannot finish is picked up by
 * {@link PendingPayments}.
 */
@Component
class PaymentRequests {

    private static final Logger log = LoggerFactory.getLogger(PaymentRequests.class);

    private final PaymentRepository payments;
    private final PaymentOutcomes outcomes;
    private final FirstAttempts firstAttempts;

    PaymentRequests(PaymentRepository payments, PaymentOutcomes outcomes, FirstAttempts firstAttempts) {
        this.payments = payments;
        this.outcomes = outcomes;
        this.firstAttempts = firstAttempts;
    }

    /** Runs inside the transaction that records the event's {@code ce_id}. */
    Mono<Void> record(PaymentRequested request) {
        var id = UUID.randomUUID();
        return payments.insertPending(id, request)
                .flatMap(inserted -> InTrace.defer(() -> {
                    if (!inserted) {
                        // the order has its payment already (the same request again under another ce_id): nothing to do
                        log.info("Order {} already has a payment; PaymentRequested ignored", request.orderId());
                        return Mono.<Void>empty();
                    }
                    log.info(
                            "Payment {} of order {} requested: {} {}",
                            id,
                            request.orderId(),
                            request.amount().amount(),
                            request.amount().currency());
                    if (request.amount().amount() <= 0) {
                        // nothing to charge; fail it now rather than let the order wait for its timeout
                        return payments.findByOrder(request.orderId())
                                .flatMap(payment -> outcomes.failed(
                                        payment, PaymentFailureReason.PAYMENT_FAILED, "amount is not positive"));
                    }
                    return chargeAfterCommit(id);
                }));
    }

    private Mono<Void> chargeAfterCommit(UUID paymentId) {
        return Mono.deferContextual(context -> {
            Observation observation = context.getOrDefault(ObservationThreadLocalAccessor.KEY, null);
            return TransactionSynchronizationManager.forCurrentTransaction()
                    .doOnNext(synchronization ->
                            synchronization.registerSynchronization(new TransactionSynchronization() {
                                @Override
                                public Mono<Void> afterCommit() {
                                    // the listener does not wait for the provider: the attempt is queued
                                    return Mono.fromRunnable(() -> firstAttempts.offer(paymentId, observation));
                                }
                            }))
                    .then();
        });
    }
}
