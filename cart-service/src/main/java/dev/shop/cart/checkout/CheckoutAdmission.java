package dev.shop.cart.checkout;

import dev.shop.cart.CartProperties;
import dev.shop.cart.checkout.CheckoutProblems.SagaBehind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Admission of checkouts under load, decided from the saga's own lag: how long the oldest order placed in the last
 * few seconds ({@code cart.checkout.admission.window}) has been waiting for its stock reservation. While that is
 * longer than {@code max-saga-lag}, a checkout is refused at once with 503 {@code service-unavailable} and
 * {@code Retry-After}, before anything is read or written: the shop takes what it can settle promptly, and a client
 * comes back later rather than join a queue that grows for as long as the overload lasts.
 *
 * <p>The lag is read from the database (so every replica sees the same saga) at most every {@code refresh-interval},
 * and only while checkouts come: an idle shop does not ask. Orders placed before the window do not count, so an order
 * that is stuck (its event dead-lettered, say) holds checkouts back for a few seconds at most, not until it times out.
 * The lag is measured on the reservation because that step is the shop's own work from end to end; the payment step
 * may wait for the customer (3-D Secure) and says nothing about load.
 */
@Component
class CheckoutAdmission {

    private static final Logger log = LoggerFactory.getLogger(CheckoutAdmission.class);

    private final DatabaseClient database;
    private final Clock clock;
    private final CartProperties.Admission settings;
    private final Counter refused;
    private final AtomicReference<Reading> last = new AtomicReference<>(Reading.NONE);
    private final AtomicBoolean reading = new AtomicBoolean();

    /** The lag as read at {@code nanos} (System.nanoTime()). */
    private record Reading(Duration lag, long nanos) {
        static final Reading NONE = new Reading(Duration.ZERO, Long.MIN_VALUE);
    }

    CheckoutAdmission(DatabaseClient database, Clock clock, CartProperties properties, MeterRegistry meters) {
        this.database = database;
        this.clock = clock;
        this.settings = properties.checkout().admission();
        this.refused = Counter.builder("shop.checkout.refused")
                .description("Checkouts refused by a limit (a customer's, or the saga's lag)")
                .tag("limit", "saga-lag")
                .register(meters);
        Gauge.builder(
                        "shop.checkout.saga.lag",
                        last,
                        latest -> latest.get().lag().toMillis() / 1000.0)
                .description("The saga's lag as checkout admission last read it: the oldest recent order's wait for"
                        + " its stock reservation")
                .baseUnit("seconds")
                .register(meters);
    }

    /** Completes when a checkout may go ahead now; fails with {@link SagaBehind} while the saga lags. */
    Mono<Void> admit() {
        return current().flatMap(lag -> {
            if (lag.compareTo(settings.maxSagaLag()) <= 0) {
                return Mono.empty();
            }
            refused.increment();
            return Mono.error(new SagaBehind(retryAfterSeconds(lag)));
        });
    }

    /**
     * The latest lag: the reading in hand while it is fresh; a new one read in the background (one at a time) once it
     * is older than the refresh interval; and waited for when the one in hand is too old to go by (after a quiet
     * spell).
     */
    private Mono<Duration> current() {
        var latest = last.get();
        long age = latest == Reading.NONE ? Long.MAX_VALUE : System.nanoTime() - latest.nanos();
        long refresh = settings.refreshInterval().toNanos();
        if (age < refresh) {
            return Mono.just(latest.lag());
        }
        if (age < 2 * refresh) {
            if (reading.compareAndSet(false, true)) {
                read().doFinally(signal -> reading.set(false)).subscribe();
            }
            return Mono.just(latest.lag());
        }
        return read().map(Reading::lag);
    }

    private Mono<Reading> read() {
        Instant now = clock.instant();
        return database.sql("""
                        select min(placed_at) as oldest
                          from customer_order
                         where status = 'PENDING' and placed_at > :since
                        """)
                .bind("since", now.minus(settings.window()).atOffset(ZoneOffset.UTC))
                .map(row -> Optional.ofNullable(row.get("oldest", OffsetDateTime.class)))
                .one()
                .map(oldest -> oldest.map(placed -> Duration.between(placed.toInstant(), now))
                        .filter(lag -> !lag.isNegative())
                        .orElse(Duration.ZERO))
                .map(lag -> {
                    var reading = new Reading(lag, System.nanoTime());
                    last.set(reading);
                    return reading;
                })
                .onErrorResume(e -> {
                    // the checkout itself will meet the same database: admit, and let it answer for itself
                    log.debug("Reading the saga's lag failed: {}", e.toString());
                    return Mono.just(new Reading(Duration.ZERO, System.nanoTime()));
                });
    }

    /** When to come back: the lag past the limit, rounded up to whole seconds, at least one. */
    private long retryAfterSeconds(Duration lag) {
        long millis = lag.minus(settings.maxSagaLag()).toMillis();
        return Math.max(1, (millis + 999) / 1000);
    }
}
