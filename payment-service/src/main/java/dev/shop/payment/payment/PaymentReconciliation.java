package dev.shop.payment.payment;

import dev.shop.common.events.Money;
import dev.shop.common.events.payment.PaymentFailureReason;
import dev.shop.common.tracing.InTrace;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * What the provider tells on its own (webhooks), applied through the same transitions of {@link Payment} as the answers
 * to the service's requests: an outcome that is already recorded is not recorded, nor published, again.
 */
@Component
public class PaymentReconciliation {

    private static final Logger log = LoggerFactory.getLogger(PaymentReconciliation.class);

    private final PaymentRepository payments;
    private final PaymentOutcomes outcomes;
    private final Refunds refunds;

    PaymentReconciliation(PaymentRepository payments, PaymentOutcomes outcomes, Refunds refunds) {
        this.payments = payments;
        this.outcomes = outcomes;
        this.refunds = refunds;
    }

    /**
     * The order's PaymentIntent {@code intentId} charged {@code charged}: recorded whatever the payment's state (see
     * {@link PaymentOutcomes#succeeded}), with the amount the provider took, which cart-service holds against the
     * order's total.
     */
    public Mono<Void> intentSucceeded(UUID orderId, String intentId, Money charged) {
        return paymentOf(orderId, intentId, true).flatMap(payment -> outcomes.succeeded(payment, charged));
    }

    /** The order's PaymentIntent {@code intentId} failed: a card error is a decline, anything else a failure. */
    public Mono<Void> intentFailed(UUID orderId, String intentId, boolean cardError, String why) {
        var reason = cardError ? PaymentFailureReason.PAYMENT_DECLINED : PaymentFailureReason.PAYMENT_FAILED;
        return paymentOf(orderId, intentId, false)
                .flatMap(payment -> outcomes.failed(payment, reason, "provider: " + why));
    }

    /** The charge of PaymentIntent {@code intentId} was refunded in full (by the service, or at the provider). */
    public Mono<Void> chargeRefunded(String intentId) {
        return payments.findByIntent(intentId)
                .switchIfEmpty(InTrace.run(() -> log.info("Refund of unknown intent {} ignored", intentId)))
                .flatMap(payment -> refunds.refunded(payment, null));
    }

    /**
     * The order's payment, if the intent is its own. An intent the payment has not stored yet (the answer to its create
     * was lost) is stored now, unless it has another one: then it is not this payment's intent and is ignored. For a
     * success it is stored whatever the payment's state, so that the charge can be refunded.
     */
    private Mono<Payment> paymentOf(UUID orderId, String intentId, boolean charged) {
        return payments.findByOrder(orderId)
                .switchIfEmpty(InTrace.run(() -> log.info("Intent {} of unknown order {} ignored", intentId, orderId)))
                .flatMap(payment -> InTrace.defer(() -> {
                    if (intentId.equals(payment.intentId())) {
                        return Mono.just(payment);
                    }
                    if (payment.intentId() == null) {
                        return payments.change(
                                        payment,
                                        current -> charged
                                                ? current.intentAttached(intentId)
                                                : current.intentRecorded(intentId))
                                .map(PaymentRepository.Change::after);
                    }
                    log.error(
                            "Intent {} is not the intent {} of order {}: ignored; check it at the provider",
                            intentId,
                            payment.intentId(),
                            orderId);
                    return Mono.<Payment>empty();
                }));
    }
}
