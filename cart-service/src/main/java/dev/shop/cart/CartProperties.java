package dev.shop.cart;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of cart-service ({@code cart.*}).
 *
 * @param maxLines how many different products one cart may hold
 * @param checkout the idempotency keys of checkout
 * @param saga the order saga's timeouts and metrics
 * @param mail the order confirmation mails
 * @param orderStreams the live streams of an order's state changes
 */
@ConfigurationProperties("cart")
public record CartProperties(
        @DefaultValue("50") int maxLines,
        @DefaultValue Checkout checkout,
        @DefaultValue Saga saga,
        @DefaultValue Mail mail,
        @DefaultValue OrderStreams orderStreams) {

    public CartProperties {
        if (maxLines < 1) {
            throw new IllegalArgumentException("cart.max-lines must be at least 1: " + maxLines);
        }
    }

    /**
     * @param keyRetention how long an {@code Idempotency-Key} answers with its order (24 h, as the contract says)
     * @param keyCleanupInterval how often keys past their retention are deleted
     * @param limits how much one customer may check out
     * @param admission how much the shop takes under load
     */
    public record Checkout(
            @DefaultValue("24h") Duration keyRetention,
            @DefaultValue("1h") Duration keyCleanupInterval,
            @DefaultValue Limits limits,
            @DefaultValue Admission admission) {}

    /**
     * Checkouts refused while the saga lags (503 {@code service-unavailable} with {@code Retry-After}), so that the
     * orders taken settle promptly.
     *
     * @param maxSagaLag the longest the oldest recent order may have waited for its stock reservation
     * @param window orders placed longer ago than this do not count (an order stuck for another reason would
     *     otherwise hold every checkout back)
     * @param refreshInterval how often the lag is read from the database while checkouts come
     */
    public record Admission(
            @DefaultValue("1s") Duration maxSagaLag,
            @DefaultValue("5s") Duration window,
            @DefaultValue("100ms") Duration refreshInterval) {

        public Admission {
            if (!maxSagaLag.isPositive() || window.compareTo(maxSagaLag) <= 0 || !refreshInterval.isPositive()) {
                throw new IllegalArgumentException("cart.checkout.admission: max-saga-lag and refresh-interval must be"
                        + " positive, and the window longer than max-saga-lag");
            }
        }
    }

    /**
     * What one customer may do (OWASP API6: a script testing stolen cards checks out in a loop). Past a limit a
     * checkout is refused before anything is written: 429 {@code rate-limited} with {@code Retry-After} for the first
     * two, 409 {@code too-many-open-orders} for the third.
     *
     * @param checkoutsPerMinute orders placed in the last minute
     * @param declinedPaymentsPerHour orders cancelled for a declined payment in the last hour
     * @param openOrders orders still {@code PENDING} or {@code AWAITING_PAYMENT}
     */
    public record Limits(
            @DefaultValue("10") int checkoutsPerMinute,
            @DefaultValue("5") int declinedPaymentsPerHour,
            @DefaultValue("5") int openOrders) {

        public Limits {
            if (checkoutsPerMinute < 1 || declinedPaymentsPerHour < 1 || openOrders < 1) {
                throw new IllegalArgumentException("cart.checkout.limits.* must be at least 1");
            }
        }
    }

    /**
     * @param orderTimeout an order still {@code PENDING} or {@code AWAITING_PAYMENT} this long after it was placed is
     *     cancelled ({@code TIMED_OUT}); longer than payment-service's breaker takes to recover
     * @param timeoutCheckInterval how often the timeout job looks for such orders
     * @param timeoutBatchSize how many orders one transaction of the job cancels at most
     * @param metricsRefresh how often the gauge of orders by state is read from the database
     */
    public record Saga(
            @DefaultValue("15m") Duration orderTimeout,
            @DefaultValue("30s") Duration timeoutCheckInterval,
            @DefaultValue("100") int timeoutBatchSize,
            @DefaultValue("15s") Duration metricsRefresh) {

        public Saga {
            if (timeoutBatchSize < 1) {
                throw new IllegalArgumentException("cart.saga.timeout-batch-size must be at least 1");
            }
        }
    }

    /**
     * @param from the sender of the mails
     * @param pollInterval how often the job looks for mails to send without being woken: the safety net for a lost
     *     notification, and when retries that came due are sent
     * @param batchSize how many mails one poll claims at most
     * @param maxAttempts tries before a mail is marked dead
     * @param retryBackoff pause after the first failed try; it doubles after each further one
     * @param lease how long a claimed mail is left alone by other replicas while it is being sent (longer than the
     *     SMTP timeouts)
     * @param shopName the shop's name, in every mail
     * @param orderPage the address of an order's page in the storefront, {@code {id}} standing for the order's id
     *     (e.g. {@code https://shop.example.com/orders/{id}}); unset: the mails link to no page
     * @param imageBase the shop's address that product images' paths ({@code /api/catalog/images/...}) are under, for
     *     the mails' line images (e.g. {@code https://shop.example.com}); unset: mails without images
     */
    public record Mail(
            @DefaultValue("orders@shop.example") String from,
            @DefaultValue("10s") Duration pollInterval,
            @DefaultValue("20") int batchSize,
            @DefaultValue("5") int maxAttempts,
            @DefaultValue("30s") Duration retryBackoff,
            @DefaultValue("2m") Duration lease,
            @DefaultValue("Shop") String shopName,
            @Nullable String orderPage,
            @Nullable String imageBase) {

        public Mail {
            if (batchSize < 1 || maxAttempts < 1) {
                throw new IllegalArgumentException("cart.mail.batch-size and max-attempts must be at least 1");
            }
        }
    }

    /**
     * The streams of {@code GET /api/orders/{id}/events}.
     *
     * @param heartbeat how long a stream may stay silent: past it a comment is sent, so that proxies keep the
     *     connection and the client sees it is alive
     * @param pollInterval how often a stream reads its order without being woken: the safety net for a lost database
     *     notification
     * @param maxPerCustomer how many streams one customer may have open on one instance of the service; past it a new
     *     one is refused (429 with {@code Retry-After})
     */
    public record OrderStreams(
            @DefaultValue("15s") Duration heartbeat,
            @DefaultValue("10s") Duration pollInterval,
            @DefaultValue("5") int maxPerCustomer) {

        public OrderStreams {
            if (!heartbeat.isPositive() || !pollInterval.isPositive() || maxPerCustomer < 1) {
                throw new IllegalArgumentException("cart.order-streams: heartbeat and poll-interval must be positive,"
                        + " max-per-customer at least 1");
            }
        }
    }
}
