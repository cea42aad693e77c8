package dev.shop.common.deadletter;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One replay of a dead letter, as the audit keeps it.
 *
 * @param deadLetterId the dead letter replayed ({@code <dead-letter topic>-<partition>-<offset>})
 * @param topic the topic it was published to again
 * @param key its Kafka key
 * @param eventId its {@code ce_id}, kept on the replay
 * @param eventType its {@code ce_type}, kept on the replay
 * @param corrected whether the admin sent a payload to publish instead of the dead letter's own
 * @param payloadSha256 the SHA-256 of the payload published, in hex
 * @param replayedBy the admin's user id
 * @param replayedByEmail the admin's e-mail address, as the token said
 */
public record Replay(
        UUID id,
        String deadLetterId,
        String topic,
        @Nullable String key,
        @Nullable String eventId,
        @Nullable String eventType,
        boolean corrected,
        String payloadSha256,
        String replayedBy,
        @Nullable String replayedByEmail,
        Instant replayedAt) {}
