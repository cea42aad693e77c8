package dev.shop.payment.payment;

import dev.shop.common.events.payment.PaymentRefunded;
import dev.shop.common.outbox.OutboxWriter;
import dev.shop.common.tracing.InTrace;
import dev.shop.payment.stripe.ProviderRejected;
import dev.shop.payment.stripe.ProviderUnavailable;
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
 * {@link PendingPayments}. The move to {@code REFUNDED} is conditional, so {@code PaymentRefunded} is written once,
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
     * An admin's full refund of a succeeded payment: recorded as owed and held by this worker in one statement (so the
     * pending-payment sweep, woken by the same commit, does not take it), then tried at once. Emits the payment
     * afterwards: {@code REFUNDED}, or still {@code SUCCEEDED} with {@code refundPending} when the provider could not
     * be reached or another worker holds the refund (it is retried). Fails with {@link PaymentNotFound} or
     * {@link PaymentNotRefundable}.
     */
    public Mono<PaymentView> refund(UUID paymentId) {
        return payments.requestRefundHeld(paymentId, properties.lease())
                .flatMap(payment -> attempt(payment).then(payments.view(paymentId)))
                .switchIfEmpty(Mono.defer(() -> payments.findById(paymentId)
                        .switchIfEmpty(Mono.error(() -> new PaymentNotFound("No payment " + paymentId + ".")))
                        .flatMap(payment -> payment.status() == PaymentStatus.SUCCEEDED
                                ? payments.view(paymentId) // its refund is owed and held by another worker
                                : Mono.<PaymentView>error(new PaymentNotRefundable(paymentId, payment.status())))));
    }

    /** One attempt at an owed refund that this worker holds. Never fails: what goes wrong postpones it. */
    Mono<Void> attempt(Payment payment) {
        var intentId = Objects.requireNonNull(payment.intentId(), "a succeeded payment has an intent");
        return stripe.refund(intentId, payment.refundKey())
                .flatMap(refund -> refunded(payment, refund.id()))
                .onErrorResume(ProviderRejected.class, e -> rejected(payment, e))
                .onErrorResume(
                        ProviderUnavailable.class,
                        e -> e.kind() == ProviderUnavailable.Kind.SERVER_ERROR
                                // the key now answers this 5xx forever; a second full refund is refused by the
                                // provider (nothing left), so a new key cannot give the money back twice
                                ? payments.spendRefundKey(payment.id())
                                        .then(later(payment, String.valueOf(e.getMessage())))
                                : later(payment, String.valueOf(e.getMessage())))
                .onErrorResume(e -> InTrace.defer(() -> {
                    log.warn("Refund of payment {} failed unexpectedly", payment.id(), e);
                    return later(payment, "unexpected: " + e);
                }));
    }

    private Mono<Void> rejected(Payment payment, ProviderRejected e) {
        if (e.isAlreadyRefunded()) {
            // given back already: an earlier attempt under a spent key, or by hand at the provider
            return refunded(payment, null);
        }
        if (e.isKeyInUse()) {
            return later(payment, String.valueOf(e.getMessage()));
        }
        // refused for a reason a retry will not change: kept owed, retried rarely, and logged for a person to look at
        return refusedByProvider(payment, e);
    }

    /** The payment was given back in full; only the caller that moved it to {@code REFUNDED} writes the event. */
    Mono<Void> refunded(Payment payment, @Nullable String refundId) {
        var change = payments.markRefunded(payment.id(), refundId)
                // the provider's charge.refunded webhook may have settled it first, without the refund's id
                .flatMap(moved -> moved || refundId == null
                        ? Mono.just(moved)
                        : payments.recordRefundId(payment.id(), refundId).thenReturn(false))
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

    private Mono<Void> refusedByProvider(Payment payment, ProviderRejected e) {
        return InTrace.<Void>run(() -> log.error(
                        "The provider refuses to refund payment {} of order {}: {}",
                        payment.id(),
                        payment.orderId(),
                        e.getMessage()))
                .then(payments.postponeRefund(
                        payment.id(), properties.maxRetryBackoff(), String.valueOf(e.getMessage())));
    }

    private Mono<Void> later(Payment payment, String reason) {
        return InTrace.<Void>run(() -> log.debug("Refund of payment {} stays owed: {}", payment.id(), reason))
                .then(payments.postponeRefund(payment.id(), properties.retryBackoff(), reason));
    }
}
