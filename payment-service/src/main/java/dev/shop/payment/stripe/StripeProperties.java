package dev.shop.payment.stripe;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How payment-service reaches the provider ({@code shop.payment.stripe.*}).
 *
 * @param apiBase Stripe's API base ({@code https://api.stripe.com}) or the local simulator's
 * @param secretKey the secret API key, sent as a bearer token
 * @param apiVersion the pinned {@code Stripe-Version}: the shape of answers never changes under the service
 * @param connectTimeout how long opening a connection may take
 * @param timeout the time limiter: how long one request may take before it counts as timed out (and is retried)
 * @param maxConnections the connection pool; the bulkhead admits as many concurrent requests, so none waits for a
 *     connection
 * @param retry retries of one request, only on connection errors, timeouts, 429 and 5xx
 * @param circuitBreaker the time-based breaker around all requests
 * @param webhookSecret the webhook endpoint's signing secret ({@code whsec_...}): webhooks are accepted only when one
 *     of their {@code v1} signatures is the HMAC-SHA256 of {@code t.rawbody} under it
 * @param webhookTolerance how far a webhook's signed timestamp may be from now; older (or future) ones are refused,
 *     so a captured webhook cannot be replayed later
 */
@ConfigurationProperties("shop.payment.stripe")
public record StripeProperties(
        @DefaultValue("http://127.0.0.1:12111") URI apiBase,
        String secretKey,
        @DefaultValue("2024-06-20") String apiVersion,
        @DefaultValue("2s") Duration connectTimeout,
        @DefaultValue("5s") Duration timeout,
        @DefaultValue("20") int maxConnections,
        @DefaultValue Retry retry,
        @DefaultValue CircuitBreaker circuitBreaker,
        String webhookSecret,
        @DefaultValue("300s") Duration webhookTolerance) {

    public StripeProperties {
        if (secretKey == null || secretKey.isBlank()) {
            throw new IllegalArgumentException(
                    "shop.payment.stripe.secret-key (STRIPE_SECRET_KEY) is not set: the provider's secret API key");
        }
        if (webhookSecret == null || webhookSecret.isBlank()) {
            throw new IllegalArgumentException("shop.payment.stripe.webhook-secret (STRIPE_WEBHOOK_SECRET) is not set:"
                    + " the webhook endpoint's signing secret");
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("shop.payment.stripe.max-connections must be at least 1");
        }
    }

    /**
     * @param maxAttempts attempts of one request in all (1: no retry)
     * @param initialBackoff pause before the first retry; it grows by {@code multiplier} up to {@code maxBackoff}
     * @param jitter how far (0..1) each pause is randomised around its value, so retries of many payments spread out
     */
    public record Retry(
            @DefaultValue("3") int maxAttempts,
            @DefaultValue("200ms") Duration initialBackoff,
            @DefaultValue("2.0") double multiplier,
            @DefaultValue("2s") Duration maxBackoff,
            @DefaultValue("0.5") double jitter) {}

    /**
     * @param window the time-based sliding window the failure rate is computed over
     * @param minimumCalls calls in the window before the rate counts
     * @param failureRateThreshold percentage of failed calls that opens the breaker
     * @param slowCallDuration a call slower than this counts as slow
     * @param slowCallRateThreshold percentage of slow calls that opens the breaker
     * @param waitInOpenState how long the breaker stays open before it lets trial calls through
     * @param halfOpenCalls trial calls in the half-open state
     */
    public record CircuitBreaker(
            @DefaultValue("30s") Duration window,
            @DefaultValue("10") int minimumCalls,
            @DefaultValue("50") float failureRateThreshold,
            @DefaultValue("4s") Duration slowCallDuration,
            @DefaultValue("80") float slowCallRateThreshold,
            @DefaultValue("15s") Duration waitInOpenState,
            @DefaultValue("3") int halfOpenCalls) {}
}
