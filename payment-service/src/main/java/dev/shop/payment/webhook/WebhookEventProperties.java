package dev.shop.payment.webhook;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long the ids of handled webhook events are kept ({@code shop.payment.webhook-events.*}).
 *
 * @param retention how long an event id stays in {@code webhook_event}, where a redelivery of the event is found and
 *     has no second effect. Stripe retries an undelivered event for up to three days, so the retention is at least
 *     that; after it a redelivery would be taken as new (and find its payment settled already)
 * @param cleanupInterval how often each instance deletes the ids past their retention
 */
@ConfigurationProperties("shop.payment.webhook-events")
public record WebhookEventProperties(
        @DefaultValue("30d") Duration retention,
        @DefaultValue("1h") Duration cleanupInterval) {

    private static final Duration PROVIDER_RETRIES = Duration.ofDays(3);

    public WebhookEventProperties {
        if (retention.compareTo(PROVIDER_RETRIES) < 0) {
            throw new IllegalArgumentException(
                    "shop.payment.webhook-events.retention must be at least 3 days (the provider's retries), not "
                            + retention);
        }
        if (cleanupInterval.isNegative() || cleanupInterval.isZero()) {
            throw new IllegalArgumentException(
                    "shop.payment.webhook-events.cleanup-interval must be positive, not " + cleanupInterval);
        }
    }
}
