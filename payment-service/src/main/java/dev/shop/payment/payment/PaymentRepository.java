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
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The {@code payment} table. A payment's state changes only through {@link #change}: a compare-and-set on its id and
 * version, so two workers (or two replicas) that race on one payment cannot both move it, and the loser decides again
 * on the payment as the winner left it. Leases and backoff ({@link #claim}, {@link #postpone(UUID, Duration, String)}) are scheduling: they
 * are conditional updates of their own and leave the version alone.
 */
@Repository
class PaymentRepository {

    private static final String COLUMNS = """
            id, order_id, user_id, amount, currency, payment_method, status, failure_reason, provider_intent_id,
            create_key_generation, confirm_key_generation, refund_key_generation, attempts, created_at, cancel_requested,
            refund_requested, provider_refund_id, version
            """;

    /** How often a change is decided again on a payment that others changed meanwhile, before it gives up. */
    private static final int CHANGE_TRIES = 8;

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

    /** A change that was written: the payment as it was decided on, and as it is stored now. */
    record Change(Payment before, Payment after) {}

    /**
     * Applies {@code transition} to {@code current} and writes the result if the stored payment is still at
     * {@code current}'s version; if another worker changed it meanwhile, reads it again and applies the transition to
     * that, until one write wins. Emits the change; empty when the transition does not apply to the payment as stored.
     * A result equal to the payment is not written. A refund the change makes owed is due at once.
     */
    Mono<Change> change(Payment current, Function<Payment, Optional<Payment>> transition) {
        return change(current, transition, Duration.ZERO, null);
    }

    /**
     * As {@link #change(Payment, Function)}, with a refund the change makes owed due only after {@code owedDueIn} (the
     * caller holds it meanwhile), and {@code note} kept as the payment's last error.
     */
    Mono<Change> change(
            Payment current,
            Function<Payment, Optional<Payment>> transition,
            Duration owedDueIn,
            @Nullable String note) {
        return change(current, transition, owedDueIn, note, CHANGE_TRIES);
    }

    private Mono<Change> change(
            Payment current,
            Function<Payment, Optional<Payment>> transition,
            Duration owedDueIn,
            @Nullable String note,
            int triesLeft) {
        var next = transition.apply(current);
        if (next.isEmpty()) {
            return Mono.empty();
        }
        var after = next.get();
        if (after.equals(current)) {
            return Mono.just(new Change(current, after));
        }
        return update(current, after, owedDueIn, note).flatMap(written -> {
            if (written) {
                return Mono.just(new Change(current, after.nextVersion()));
            }
            if (triesLeft <= 1) {
                return Mono.error(new IllegalStateException(
                        "Payment " + current.id() + " kept changing under " + CHANGE_TRIES + " tries to change it"));
            }
            return findById(current.id()).flatMap(stored -> change(stored, transition, owedDueIn, note, triesLeft - 1));
        });
    }

    private Mono<Boolean> update(Payment before, Payment after, Duration owedDueIn, @Nullable String note) {
        return database.sql("""
                        update payment
                           set status = :status, failure_reason = :reason, provider_intent_id = :intentId,
                               create_key_generation = :createKey, confirm_key_generation = :confirmKey,
                               refund_key_generation = :refundKey,
                               completed_at = case when :completes then now() else completed_at end,
                               cancel_requested = :cancelRequested, refund_requested = :refundRequested,
                               provider_refund_id = :refundId,
                               refunded_at = case when :refunds then now() else refunded_at end,
                               next_attempt_at = case when :owedNow then now() + make_interval(secs => :owedDueIn)
                                                      else next_attempt_at end,
                               last_error = coalesce(:note, last_error),
                               version = version + 1, updated_at = now()
                         where id = :id and version = :version
                        """)
                .bind("id", after.id())
                .bind("version", before.version())
                .bind("status", after.status().name())
                .bind("reason", Parameter.fromOrEmpty(enumName(after.failureReason()), String.class))
                .bind("intentId", Parameter.fromOrEmpty(after.intentId(), String.class))
                .bind("createKey", after.createKeyGeneration())
                .bind("confirmKey", after.confirmKeyGeneration())
                .bind("refundKey", after.refundKeyGeneration())
                .bind("completes", after.completesFrom(before))
                .bind("cancelRequested", after.cancelRequested())
                .bind("refundRequested", after.refundRequested())
                .bind("refundId", Parameter.fromOrEmpty(after.refundId(), String.class))
                .bind("refunds", after.status() == PaymentStatus.REFUNDED && before.status() != PaymentStatus.REFUNDED)
                .bind("owedNow", after.owesRefund() && !before.owesRefund())
                .bind("owedDueIn", seconds(owedDueIn))
                .bind("note", Parameter.fromOrEmpty(note == null ? null : shortened(note), String.class))
                .fetch()
                .rowsUpdated()
                .map(rows -> rows == 1);
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

    /** Payments waiting for a person. */
    Mono<Long> countNeedingAttention() {
        return database.sql("select count(*) as parked from payment where status = 'NEEDS_ATTENTION'")
                .map(row -> row.get("parked", Long.class))
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

    /** Releases an owed refund's lease: it is due again after {@code delay}. */
    Mono<Void> postponeRefund(UUID id, Duration delay, String reason) {
        return postpone(id, "SUCCEEDED", delay, reason);
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
                .bind("reason", shortened(reason))
                .then();
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
                row.get("refund_key_generation", Integer.class),
                row.get("attempts", Integer.class),
                row.get("created_at", OffsetDateTime.class).toInstant(),
                Boolean.TRUE.equals(row.get("cancel_requested", Boolean.class)),
                Boolean.TRUE.equals(row.get("refund_requested", Boolean.class)),
                row.get("provider_refund_id", String.class),
                row.get("version", Long.class));
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

    private static @Nullable String enumName(@Nullable Enum<?> value) {
        return value == null ? null : value.name();
    }

    private static String shortened(String text) {
        return text.length() > 500 ? text.substring(0, 500) : text;
    }
}
