package dev.shop.payment.payment;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How pending payments are worked on ({@code shop.payment.processing.*}).
 *
 * @param pollInterval the longest each instance goes without looking for due pending payments: the safety net, for a
 *     lost notification (it is woken when a payment's next attempt moves earlier, and sleeps until the earliest one)
 * @param batchSize payments one look takes at most
 * @param lease how long a worker owns a payment it took; longer than one attempt can last (three provider calls with
 *     their retries), so that a live worker is never doubled, and short enough that a dead one is replaced soon
 * @param retryBackoff pause before a payment whose outcome is still unclear is tried again; it doubles per attempt
 * @param maxRetryBackoff the longest such pause
 * @param giveUpAfter after this long without a certain outcome a payment fails ({@code PAYMENT_FAILED}); longer than
 *     the order's own timeout, so it never fails while the order can still succeed
 * @param firstAttemptsConcurrency first attempts at new payments under way at once per instance (see
 *     {@link FirstAttempts})
 * @param firstAttemptsQueued new payments waiting for their first attempt at most (rounded up to a power of two, at
 *     least 8); past that, the sweep takes them up
 */
@ConfigurationProperties("shop.payment.processing")
public record ProcessingProperties(
        @DefaultValue("10s") Duration pollInterval,
        @DefaultValue("20") int batchSize,
        @DefaultValue("2m") Duration lease,
        @DefaultValue("1s") Duration retryBackoff,
        @DefaultValue("30s") Duration maxRetryBackoff,
        @DefaultValue("1h") Duration giveUpAfter,
        @DefaultValue("64") int firstAttemptsConcurrency,
        @DefaultValue("1024") int firstAttemptsQueued) {

    public ProcessingProperties {
        if (firstAttemptsConcurrency < 1 || firstAttemptsQueued < 1 || firstAttemptsQueued > 1_000_000) {
            throw new IllegalArgumentException("shop.payment.processing: first-attempts-concurrency must be at least 1"
                    + " and first-attempts-queued between 1 and 1000000");
        }
    }
}
