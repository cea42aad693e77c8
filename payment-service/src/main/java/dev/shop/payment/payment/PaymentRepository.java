package dev.shop.payment.payment;

import dev.shop.common.events.Money;
import dev.shop.common.events.cart.PaymentRequested;
import dev.shop.common.events.payment.PaymentFailureReason;
import io.r2dbc.spi.Readable;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The {@code payment} table. Every change of a payment is a conditional update, so two workers (or two replicas) that
 * race on one payment cannot both move it.
 */
@Repository
class PaymentRepository {

    private static final String COLUMNS = """
            id, order_id, user_id, amount, currency, payment_method, status, failure_reason, provider_intent_id,
            create_key_generation, confirm_key_generation, attempts, created_at, cancel_requested, refund_key_generation
            """;

    private static final String VIEW_COLUMNS = """
            id, order_id, user_id, amount, currency, payment_method, status, failure_reason, provider_intent_id,
            provider_refund_id, refund_requested, created_at, completed_at, refunded_at
            """;

    private final DatabaseClient database;

    PaymentRepository(DatabaseClient database) {
        this.database = database;
    }

    /** Records the request as a pending payment, due at once; emits false when the order already has a payment. */
    Mono<Boolean> insertPending(UUID id, PaymentRequested request) {
        return insert(id, request, PaymentStatus.PENDING, null);
    }

    private Mono<Boolean> insert(
            UUID id, PaymentRequested request, PaymentStatus status, @Nullable PaymentFailureReason reason) {
        var spec = database.sql("""
                        insert into payment (id, order_id, user_id, amount, currency, payment_method, status, failure_reason,
                                             completed_at)
                        values (:id, :orderId, :userId, :amount, :currency, :paymentMethod, :status, :reason,
                                case when :status = 'PENDING' then null else now() end)
                        on conflict (order_id) do nothing
                        """)
                .bind("id", id)
                .bind("orderId", request.orderId())
                .bind("userId", request.userId())
                .bind("amount", request.amount().amount())
                .bind("currency", request.amount().currency())
                .bind("paymentMethod", request.paymentMethod())
                .bind("status", status.name());
        spec = reason == null ? spec.bindNull("reason", String.class) : spec.bind("reason", reason.name());
        return spec.fetch().rowsUpdated().map(rows -> rows == 1);
    }

    Mono<Payment> findByOrder(UUID orderId) {
        return database.sql("select " + COLUMNS + " from payment where order_id = :orderId")
                .bind("orderId", orderId)
                .map(PaymentRepository::payment)
                .one();
    }

    /**
     * Takes one pending payment that is due, for {@code lease}: nobody else takes it until the lease ends (then a
     * worker that died mid-charge is replaced). Empty when it is not pending, not due, or taken.
     */
    Mono<Payment> claim(UUID id, Duration lease) {
        return database.sql("""
                        update payment
                           set next_attempt_at = now() + make_interval(secs => :lease), attempts = attempts + 1,
                               updated_at = now()
                         where id = :id and status = 'PENDING' and next_attempt_at <= now()
                        returning
                        """ + COLUMNS)
                .bind("id", id)
                .bind("lease", seconds(lease))
                .map(PaymentRepository::payment)
                .one();
    }

    /**
     * Takes up to {@code limit} due pending payments, oldest first. {@code skip locked}: replicas sweeping at the same
     * moment take different payments instead of waiting on each other.
     */
    Flux<Payment> claimDue(int limit, Duration lease) {
        return database.sql("""
                        update payment
                           set next_attempt_at = now() + make_interval(secs => :lease), attempts = attempts + 1,
                               updated_at = now()
                         where id in (select id from payment
                                       where status = 'PENDING' and next_attempt_at <= now()
                                       order by next_attempt_at
                                       limit :limit
                                       for update skip locked)
                        returning
                        """ + COLUMNS)
                .bind("limit", limit)
                .bind("lease", seconds(lease))
                .map(PaymentRepository::payment)
                .all();
    }

    /**
     * Stores the PaymentIntent's id before it is confirmed, so a restart confirms that one and no other; emits false
     * when the payment is no longer pending (its order was cancelled meanwhile) or has another intent: then it must
     * not be confirmed.
     */
    Mono<Boolean> recordIntent(UUID id, String intentId) {
        return database.sql("""
                        update payment set provider_intent_id = :intentId, updated_at = now()
                         where id = :id and status = 'PENDING'
                           and (provider_intent_id is null or provider_intent_id = :intentId)
                        """)
                .bind("id", id)
                .bind("intentId", intentId)
                .fetch()
                .rowsUpdated()
                .map(rows -> rows == 1);
    }

    /**
     * Stores the intent of a payment that has none, whatever its status: the provider reports one of the order's
     * intents (a success to act on, an intent to cancel). Emits false when the payment has an intent already.
     */
    Mono<Boolean> attachIntent(UUID id, String intentId) {
        return database.sql("""
                        update payment set provider_intent_id = :intentId, updated_at = now()
                         where id = :id and provider_intent_id is null
                        """)
                .bind("id", id)
                .bind("intentId", intentId)
                .fetch()
                .rowsUpdated()
                .map(rows -> rows == 1);
    }

    /**
     * The provider does not know the stored intent, but a search found the order's one intent under another id: that
     * one is the payment's from now on. Emits false when the payment is no longer pending or has another intent.
     */
    Mono<Boolean> replaceIntent(UUID id, String unknown, String found) {
        return database.sql("""
                        update payment set provider_intent_id = :found, updated_at = now()
                         where id = :id and status = 'PENDING' and provider_intent_id = :unknown
                        """)
                .bind("id", id)
                .bind("unknown", unknown)
                .bind("found", found)
                .fetch()
                .rowsUpdated()
                .map(rows -> rows == 1);
    }

    /** A pending payment the service cannot settle by itself waits for a person; emits whether this call moved it. */
    Mono<Boolean> park(UUID id, String why) {
        return database.sql("""
                        update payment set status = 'NEEDS_ATTENTION', last_error = :why, updated_at = now()
                         where id = :id and status = 'PENDING'
                        """)
                .bind("id", id)
                .bind("why", why.length() > 500 ? why.substring(0, 500) : why)
                .fetch()
                .rowsUpdated()
                .map(rows -> rows == 1);
    }

    /** Payments waiting for a person. */
    Mono<Long> countNeedingAttention() {
        return database.sql("select count(*) as parked from payment where status = 'NEEDS_ATTENTION'")
                .map(row -> row.get("parked", Long.class))
                .one();
    }

    /**
     * The provider charged the payment: it becomes {@code SUCCEEDED}, from any state but {@code SUCCEEDED} and
     * {@code REFUNDED}, and emits the state it left (empty when it moved nothing: the success is known already). A
     * refund is owed, due at once, when its order was cancelled or when the payment had been given up as failed or
     * cancelled: the customer must not keep paying for an order that will not be fulfilled.
     */
    Mono<PaymentStatus> succeed(UUID id) {
        // in an UPDATE, the right-hand sides read the row as it was before; the CTE keeps the state it left
        return database.sql("""
                        with before as (select id, status from payment where id = :id for update)
                        update payment p
                           set status = 'SUCCEEDED', failure_reason = null, completed_at = now(), updated_at = now(),
                               refund_requested = p.cancel_requested or before.status in ('FAILED', 'CANCELLED'),
                               next_attempt_at = now()
                          from before
                         where p.id = before.id
                           and before.status in ('PENDING', 'NEEDS_ATTENTION', 'FAILED', 'CANCELLED')
                        returning before.status as previous
                        """)
                .bind("id", id)
                .map(row -> PaymentStatus.valueOf(row.get("previous", String.class)))
                .one();
    }

    Mono<Payment> findById(UUID id) {
        return database.sql("select " + COLUMNS + " from payment where id = :id")
                .bind("id", id)
                .map(PaymentRepository::payment)
                .one();
    }

    Mono<Payment> findByIntent(String intentId) {
        return database.sql("select " + COLUMNS + " from payment where provider_intent_id = :intentId")
                .bind("intentId", intentId)
                .map(PaymentRepository::payment)
                .one();
    }

    Flux<PaymentView> viewsOfOrder(UUID orderId) {
        return database.sql("select " + VIEW_COLUMNS + " from payment where order_id = :orderId order by created_at")
                .bind("orderId", orderId)
                .map(PaymentRepository::toView)
                .all();
    }

    Mono<PaymentView> view(UUID id) {
        return database.sql("select " + VIEW_COLUMNS + " from payment where id = :id")
                .bind("id", id)
                .map(PaymentRepository::toView)
                .one();
    }

    /**
     * The order was cancelled. A pending payment that has no PaymentIntent yet becomes {@code CANCELLED}: nothing was
     * charged and nothing will be (a worker creating the intent right now finds it no longer pending and does not
     * confirm). A pending one with an intent runs to its outcome and a success is then refunded; one that already
     * succeeded owes a refund now, due at once. Emits the status after the change; empty without a payment.
     */
    Mono<PaymentStatus> cancelOrder(UUID orderId) {
        // in an UPDATE, the right-hand sides all read the row as it was before
        return database.sql("""
                        update payment
                           set cancel_requested = true,
                               status = case when status = 'PENDING' and provider_intent_id is null
                                             then 'CANCELLED' else status end,
                               completed_at = case when status = 'PENDING' and provider_intent_id is null
                                                   then now() else completed_at end,
                               refund_requested = refund_requested or status = 'SUCCEEDED',
                               next_attempt_at = case when status = 'SUCCEEDED' then now() else next_attempt_at end,
                               updated_at = now()
                         where order_id = :orderId
                        returning status
                        """)
                .bind("orderId", orderId)
                .map(row -> PaymentStatus.valueOf(row.get("status", String.class)))
                .one();
    }

    /**
     * A full refund of a succeeded payment is owed, and this worker holds it for {@code lease} (no sweep takes it
     * meanwhile); emits the payment. Empty when it has not succeeded, or when its refund is owed already and another
     * worker holds it.
     */
    Mono<Payment> requestRefundHeld(UUID id, Duration lease) {
        return database.sql("""
                        update payment
                           set refund_requested = true, next_attempt_at = now() + make_interval(secs => :lease),
                               updated_at = now()
                         where id = :id and status = 'SUCCEEDED' and (not refund_requested or next_attempt_at <= now())
                        returning
                        """ + COLUMNS)
                .bind("id", id)
                .bind("lease", seconds(lease))
                .map(PaymentRepository::payment)
                .one();
    }

    /**
     * How long until the earliest next attempt at a pending charge or an owed refund (zero when one is due now); empty
     * when there is none.
     */
    Mono<Duration> untilNextAttempt() {
        return database.sql("""
                        select (extract(epoch from least(
                                   (select min(next_attempt_at) from payment where status = 'PENDING'),
                                   (select min(next_attempt_at) from payment
                                     where status = 'SUCCEEDED' and refund_requested)) - now()) * 1000)::bigint
                               as millis
                        """)
                // null when there is none (least() skips one null, but not two); greatest(0, null) would be 0
                .map(row -> Optional.ofNullable(row.get("millis", Long.class)))
                .one()
                .flatMap(millis -> Mono.justOrEmpty(millis.map(ms -> Duration.ofMillis(Math.max(0, ms)))));
    }

    /** Takes up to {@code limit} owed refunds that are due, as {@link #claimDue} takes pending payments. */
    Flux<Payment> claimDueRefunds(int limit, Duration lease) {
        return database.sql("""
                        update payment
                           set next_attempt_at = now() + make_interval(secs => :lease), updated_at = now()
                         where id in (select id from payment
                                       where status = 'SUCCEEDED' and refund_requested and next_attempt_at <= now()
                                       order by next_attempt_at
                                       limit :limit
                                       for update skip locked)
                        returning
                        """ + COLUMNS)
                .bind("limit", limit)
                .bind("lease", seconds(lease))
                .map(PaymentRepository::payment)
                .all();
    }

    /** The provider kept a 5xx as the refund key's answer: the next refund request uses a new key. */
    Mono<Void> spendRefundKey(UUID id) {
        return database.sql("""
                        update payment set refund_key_generation = refund_key_generation + 1, updated_at = now()
                         where id = :id and status = 'SUCCEEDED'
                        """).bind("id", id).then();
    }

    /** Releases an owed refund's lease: it is due again after {@code delay}. */
    Mono<Void> postponeRefund(UUID id, Duration delay, String reason) {
        return postpone(id, "SUCCEEDED", delay, reason);
    }

    /**
     * Moves a succeeded payment to {@code REFUNDED}; emits whether this call did it, so that only one caller (the
     * refund's answer or the provider's {@code charge.refunded} webhook) emits {@code PaymentRefunded}.
     */
    Mono<Boolean> markRefunded(UUID id, @Nullable String refundId) {
        var spec = database.sql("""
                        update payment
                           set status = 'REFUNDED', refund_requested = false, provider_refund_id = :refundId,
                               refunded_at = now(), updated_at = now()
                         where id = :id and status = 'SUCCEEDED'
                        """).bind("id", id);
        spec = refundId == null ? spec.bindNull("refundId", String.class) : spec.bind("refundId", refundId);
        return spec.fetch().rowsUpdated().map(rows -> rows == 1);
    }

    /** Keeps the provider's refund id on a payment that was marked refunded without it (by the webhook). */
    Mono<Void> recordRefundId(UUID id, String refundId) {
        return database.sql("""
                        update payment set provider_refund_id = :refundId, updated_at = now()
                         where id = :id and status = 'REFUNDED' and provider_refund_id is null
                        """).bind("id", id).bind("refundId", refundId).then();
    }

    /** The provider kept a 5xx as the create key's answer: the next create uses a new key. */
    Mono<Void> spendCreateKey(UUID id) {
        return database.sql("""
                        update payment set create_key_generation = create_key_generation + 1, updated_at = now()
                         where id = :id and status = 'PENDING'
                        """).bind("id", id).then();
    }

    /** The provider kept a 5xx as the confirm key's answer and the intent is still unconfirmed: use a new key. */
    Mono<Void> spendConfirmKey(UUID id) {
        return database.sql("""
                        update payment set confirm_key_generation = confirm_key_generation + 1, updated_at = now()
                         where id = :id and status = 'PENDING'
                        """).bind("id", id).then();
    }

    /** Releases the lease early: the payment is due again after {@code delay}. */
    Mono<Void> postpone(UUID id, Duration delay, String reason) {
        return postpone(id, "PENDING", delay, reason);
    }

    // the payment's next attempt (at a charge in PENDING, at a refund owed in SUCCEEDED) after delay, with the reason
    private Mono<Void> postpone(UUID id, String status, Duration delay, String reason) {
        return database.sql("""
                        update payment
                           set next_attempt_at = now() + make_interval(secs => :delay), last_error = :reason,
                               updated_at = now()
                         where id = :id and status = :status
                        """)
                .bind("id", id)
                .bind("status", status)
                .bind("delay", seconds(delay))
                .bind("reason", reason.length() > 500 ? reason.substring(0, 500) : reason)
                .then();
    }

    /**
     * A pending payment failed for good; emits whether this call moved it. Only one caller ever gets true, and only
     * that one emits {@code PaymentFailed}.
     */
    Mono<Boolean> fail(UUID id, PaymentFailureReason reason) {
        return database.sql("""
                        update payment
                           set status = 'FAILED', failure_reason = :reason, completed_at = now(), updated_at = now()
                         where id = :id and status = 'PENDING'
                        """)
                .bind("id", id)
                .bind("reason", reason.name())
                .fetch()
                .rowsUpdated()
                .map(rows -> rows == 1);
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }

    private static Payment payment(Readable row) {
        var reason = row.get("failure_reason", String.class);
        return new Payment(
                row.get("id", UUID.class),
                row.get("order_id", UUID.class),
                row.get("user_id", String.class),
                new Money(row.get("amount", Long.class), row.get("currency", String.class)),
                row.get("payment_method", String.class),
                PaymentStatus.valueOf(row.get("status", String.class)),
                reason == null ? null : PaymentFailureReason.valueOf(reason),
                row.get("provider_intent_id", String.class),
                row.get("create_key_generation", Integer.class),
                row.get("confirm_key_generation", Integer.class),
                row.get("attempts", Integer.class),
                row.get("created_at", OffsetDateTime.class).toInstant(),
                Boolean.TRUE.equals(row.get("cancel_requested", Boolean.class)),
                row.get("refund_key_generation", Integer.class));
    }

    private static PaymentView toView(Readable row) {
        var reason = row.get("failure_reason", String.class);
        return new PaymentView(
                row.get("id", UUID.class),
                row.get("order_id", UUID.class),
                row.get("user_id", String.class),
                new Money(row.get("amount", Long.class), row.get("currency", String.class)),
                PaymentStatus.valueOf(row.get("status", String.class)),
                reason == null ? null : PaymentFailureReason.valueOf(reason),
                row.get("payment_method", String.class),
                row.get("provider_intent_id", String.class),
                row.get("provider_refund_id", String.class),
                Boolean.TRUE.equals(row.get("refund_requested", Boolean.class)),
                row.get("created_at", OffsetDateTime.class).toInstant(),
                instant(row.get("completed_at", OffsetDateTime.class)),
                instant(row.get("refunded_at", OffsetDateTime.class)));
    }

    private static @Nullable Instant instant(@Nullable OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
