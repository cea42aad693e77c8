package dev.shop.common.outbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the outbox relay publishes.
 *
 * @param enabled whether this instance runs a relay (several may: one holds the lock at a time)
 * @param pollInterval the longest pause between polls that found less than a full batch: the relay polls at once when
 *     the outbox notifies it that rows were written, so this is only the safety net for a notification lost
 * @param linger how long the relay waits after a notification before it polls: the rows of transactions that commit
 *     close together go out as one batch (one produce request, and one poll and one transaction for each consumer)
 *     instead of one each; it adds at most this much to an event's way
 * @param batchSize rows read per poll
 * @param maxBackoff longest pause between polls while publishing fails (the broker is down)
 * @param sendTimeout how long one publish may take before it counts as failed
 * @param maxBlock the producer's {@code max.block.ms}: how long a send may wait for metadata
 * @param retention how long sent rows are kept before they are deleted
 * @param cleanupInterval how often sent rows and consumed ids past their retention are deleted
 * @param metricsInterval how often the pending-rows gauges are refreshed
 */
@ConfigurationProperties("shop.outbox")
public record OutboxProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("5s") Duration pollInterval,
        @DefaultValue("20ms") Duration linger,
        @DefaultValue("500") int batchSize,
        @DefaultValue("5s") Duration maxBackoff,
        @DefaultValue("15s") Duration sendTimeout,
        @DefaultValue("2s") Duration maxBlock,
        @DefaultValue("1d") Duration retention,
        @DefaultValue("1m") Duration cleanupInterval,
        @DefaultValue("5s") Duration metricsInterval) {

    public OutboxProperties {
        if (batchSize < 1) {
            throw new IllegalArgumentException("shop.outbox.batch-size must be at least 1");
        }
    }
}
