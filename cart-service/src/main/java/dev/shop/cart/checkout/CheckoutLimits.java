package dev.shop.cart.checkout;

import dev.shop.cart.CartProperties;
import dev.shop.cart.checkout.CheckoutProblems.CheckoutLimitReached;
import dev.shop.cart.checkout.CheckoutProblems.TooManyOpenOrders;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The per-customer limits of checkout ({@link CartProperties.Limits}), counted from the customer's own orders in one
 * query. It runs in the checkout's transaction after the customer's cart row is locked, so two checkouts of one
 * customer count one after the other and cannot both slip under a limit.
 */
@Component
class CheckoutLimits {

    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final Duration HOUR = Duration.ofHours(1);

    private final DatabaseClient database;
    private final CartProperties.Limits limits;
    private final MeterRegistry meters;

    CheckoutLimits(DatabaseClient database, CartProperties properties, MeterRegistry meters) {
        this.database = database;
        this.limits = properties.checkout().limits();
        this.meters = meters;
    }

    private record Counts(
            long lastMinute,
            @Nullable Instant oldestInLastMinute,
            long declinedLastHour,
            @Nullable Instant oldestDeclinedInLastHour,
            long open) {}

    /** Completes when the customer may place another order now; fails with the limit reached otherwise. */
    Mono<Void> check(String customerId, Instant now) {
        Instant minuteAgo = now.minus(MINUTE);
        Instant hourAgo = now.minus(HOUR);
        return database.sql("""
                        select count(*) filter (where placed_at > :minuteAgo) as last_minute,
                               min(placed_at) filter (where placed_at > :minuteAgo) as oldest_last_minute,
                               count(*) filter (where cancellation_reason = 'PAYMENT_DECLINED'
                                                  and updated_at > :hourAgo) as declined,
                               min(updated_at) filter (where cancellation_reason = 'PAYMENT_DECLINED'
                                                         and updated_at > :hourAgo) as oldest_declined,
                               count(*) filter (where status in ('PENDING', 'AWAITING_PAYMENT')) as open
                          from customer_order
                         where customer_id = :customer
                           and (placed_at > :lookback or status in ('PENDING', 'AWAITING_PAYMENT'))
                        """)
                .bind("customer", customerId)
                .bind("minuteAgo", at(minuteAgo))
                .bind("hourAgo", at(hourAgo))
                // a declined order was placed at most an order timeout before it was declined: a day is plenty
                .bind("lookback", at(now.minus(Duration.ofDays(1))))
                .map(row -> new Counts(
                        row.get("last_minute", Long.class),
                        instant(row.get("oldest_last_minute", OffsetDateTime.class)),
                        row.get("declined", Long.class),
                        instant(row.get("oldest_declined", OffsetDateTime.class)),
                        row.get("open", Long.class)))
                .one()
                .flatMap(counts -> refusal(counts, now).map(Mono::<Void>error).orElse(Mono.empty()));
    }

    private java.util.Optional<RuntimeException> refusal(Counts counts, Instant now) {
        if (counts.declinedLastHour() >= limits.declinedPaymentsPerHour()) {
            refused("declined-payments-per-hour");
            return java.util.Optional.of(new CheckoutLimitReached(
                    "Too many of your payments were declined in the last hour; try again later.",
                    secondsUntil(counts.oldestDeclinedInLastHour(), HOUR, now)));
        }
        if (counts.lastMinute() >= limits.checkoutsPerMinute()) {
            refused("checkouts-per-minute");
            return java.util.Optional.of(new CheckoutLimitReached(
                    "You placed " + counts.lastMinute() + " orders in the last minute; try again shortly.",
                    secondsUntil(counts.oldestInLastMinute(), MINUTE, now)));
        }
        if (counts.open() >= limits.openOrders()) {
            refused("open-orders");
            return java.util.Optional.of(new TooManyOpenOrders(limits.openOrders()));
        }
        return java.util.Optional.empty();
    }

    private void refused(String limit) {
        meters.counter("shop.checkout.refused", "limit", limit).increment();
    }

    /** Seconds until {@code oldest} leaves the window, at least one. */
    private static long secondsUntil(@Nullable Instant oldest, Duration window, Instant now) {
        if (oldest == null) {
            return 1;
        }
        long millis = Duration.between(now, oldest.plus(window)).toMillis();
        return Math.max(1, (millis + 999) / 1000);
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static @Nullable Instant instant(@Nullable OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
