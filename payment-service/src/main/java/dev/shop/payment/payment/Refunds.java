package dev.shop.payment.payment;

import dev.shop.common.events.payment.PaymentRefunded;
import dev.shop.common.outbox.OutboxWriter;
import dev.shop.common.tracing.InTrace;
import dev.shop.payment.payment.ProviderAnswers.RefundNext;
import dev.shop.payment.stripe.ProviderAnswer;
import dev.shop.payment.stripe.StripeClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Full refunds of succeeded payments: asked by an admin, or owed because the order was cancelled before its payment
 * succeeded. A refund is first recorded as owed ({@code refund_requested}), then sent to the provider with a key
 * derived from the payment; what cannot finish now (provider down, breaker open) is retried by
 * {@link PendingPayments}. The move to {@code REFUNDED} is a compare-and-set, so {@code PaymentRefunded} is written once,
 * whether the refund's answer or the provider's {@code charge.refunded} webhook comes first.
 */
@Component
public class Refunds {

    private static final Logger log = LoggerFactory.getLogger(Refunds.class);

    private final PaymentRepository payments;
    private final StripeClient stripe;
    private final OutboxWriter outbox;
    private final TransactionalOperator transactions;
    private final ProcessingProperties properties;
    private final MeterRegistry meters;

    Refunds(
            PaymentRepository payments,
            StripeClient stripe,
            OutboxWriter outbox,
            TransactionalOperator transactions,
            ProcessingProperties properties,
            MeterRegistry meters) {
        this.payments = payments;
        this.stripe = stripe;
        this.outbox = outbox;
        this.transactions = transactions;
        this.properties = properties;
        this.meters = meters;
    }

    /**
     * An admin's full refund of a succeeded payment: recorded as owed and held by this worker in one write (so the
     * pending-payment sweep, woken by the same commit, does not take it), then tried at once. Emits the payment
     * afterwards: {@code REFUNDED}, or still {@code SUCCEEDED} with {@code refundPending} when the provider could not
     * be reached or its refund is owed already (the sweep retries it). Fails with {@link PaymentNotFound} or
     * {@link PaymentNotRefundable}.
     */
    public Mono<PaymentView> refund(UUID paymentId) {
        return payments.findById(paymentId)
                .switchIfEmpty(Mono.error(() -> new PaymentNotFound("No payment " + paymentId + ".")))
                .flatMap(payment -> payments.change(payment, Payment::refundAsked, properties.lease(), null)
                        .flatMap(asked -> attempt(asked.after()).then(payments.view(paymentId)))
                        .switchIfEmpty(Mono.defer(() -> payments.findById(paymentId)
                                .flatMap(now -> now.status() == PaymentStatus.SUCCEEDED
                                        ? payments.view(paymentId) // its refund is owed already
                                        : Mono.error(new PaymentNotRefundable(paymentId, now.status()))))));
    }

    /** One attempt at an owed refund that this worker holds. Never fails: what goes wrong postpones it. */
    Mono<Void> attempt(Payment payment) {
        var intentId = Objects.requireNonNull(payment.intentId(), "a succeeded payment has an intent");
        return ProviderAnswer.toRefund(stripe.refund(intentId, payment.refundKey()))
                .flatMap(answer -> switch (ProviderAnswers.afterRefund(answer)) {
                    case RefundNext.Refunded refunded -> refunded(payment, refunded.refundId());
                    case RefundNext.Later later -> later(payment, later.why());
                    case RefundNext.SpendKey spend ->
                        payments.change(payment, Payment::refundKeySpent).then(later(payment, spend.why()));
                    case RefundNext.Refused refused -> refusedByProvider(payment, refused.why());
                })
                .onErrorResume(e -> InTrace.defer(() -> {
                    log.warn("Refund of payment {} failed unexpectedly", payment.id(), e);
                    return later(payment, "unexpected: " + e);
                }));
    }

    /** The payment was given back in full; only the caller that moved it to {@code REFUNDED} writes the event. */
    Mono<Void> refunded(Payment payment, @Nullable String refundId) {
        var change = payments.change(payment, current -> current.refunded(refundId))
                .map(moved -> true)
                // the provider's charge.refunded webhook may have settled it first, without the refund's id
                .switchIfEmpty(Mono.defer(() -> refundId == null
                        ? Mono.just(false)
                        : payments.change(payment, current -> current.refundIdLearned(refundId))
                                .thenReturn(false)))
                .filter(moved -> moved)
                .flatMap(moved -> outbox.append(new PaymentRefunded(payment.orderId(), payment.id(), payment.amount())))
                .handle(InTrace.peek(event -> {
                    meters.counter("shop.payment.refunds").increment();
                    log.info(
                            "Payment {} of order {} refunded{}",
                            payment.id(),
                            payment.orderId(),
                            payment.cancelRequested() ? " (its order was cancelled)" : "");
                }));
        return transactions.transactional(change).then();
    }

    private Mono<Void> refusedByProvider(Payment payment, String why) {
        return InTrace.<Void>run(() -> log.error(
                        "The provider refuses to refund payment {} of order {}: {}",
                        payment.id(),
                        payment.orderId(),
                        why))
                .then(payments.postponeRefund(payment.id(), properties.maxRetryBackoff(), why));
    }

    private Mono<Void> later(Payment payment, String reason) {
        return InTrace.<Void>run(() -> log.debug("Refund of payment {} stays owed: {}", payment.id(), reason))
                .then(payments.postponeRefund(payment.id(), properties.retryBackoff(), reason));
    }
}
