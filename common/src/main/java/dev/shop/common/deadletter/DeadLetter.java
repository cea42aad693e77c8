package dev.shop.common.deadletter;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A message that the service's consumer gave up on, as the dead-letter topic holds it.
 *
 * @param id {@code <dead-letter topic>-<partition>-<offset>}: where it is, so it can be replayed
 * @param topic the topic it was consumed from
 * @param key its Kafka key (the order or product id)
 * @param eventId its {@code ce_id}, if it had one
 * @param eventType its {@code ce_type}, if it had one
 * @param failure the exception that made the consumer give up, and its message
 * @param deadLetteredAt when it was written to the dead-letter topic
 * @param payload the message's payload as text
 */
public record DeadLetter(
        String id,
        String topic,
        @Nullable String key,
        @Nullable String eventId,
        @Nullable String eventType,
        @Nullable String failure,
        Instant deadLetteredAt,
        @Nullable String payload) {}
