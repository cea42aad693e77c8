package dev.shop.common.events;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The CloudEvents attributes of one event message, carried as Kafka headers (see {@link CloudEventHeaders}).
 *
 * @param id unique per event; consumers record it to ignore a redelivery
 * @param type the {@code ce_type}, e.g. {@code dev.shop.cart.OrderPlaced}
 * @param source the producing service, e.g. {@code /cart-service}
 * @param time when the event happened (the state change, not the publication)
 * @param subject the aggregate id, same as the Kafka key
 * @param traceparent the W3C trace context of the request that caused the event, if any
 */
public record EventMetadata(
        String id,
        String type,
        String source,
        Instant time,
        @Nullable String subject,
        @Nullable String traceparent) {

    public EventMetadata {
        requireText(id, CloudEventHeaders.ID);
        requireText(type, CloudEventHeaders.TYPE);
        requireText(source, CloudEventHeaders.SOURCE);
        Objects.requireNonNull(time, CloudEventHeaders.TIME);
    }

    /** New metadata for {@code event} with a fresh id, its registered type and source, and its key as subject. */
    public static EventMetadata newFor(ShopEvent event, Instant time, @Nullable String traceparent) {
        EventType type = EventTypes.of(event);
        return new EventMetadata(
                UUID.randomUUID().toString(), type.type(), type.source(), time, event.key(), traceparent);
    }

    /** The headers to put on the Kafka record; absent optional attributes are left out. */
    public Map<String, String> toHeaders() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_1_0);
        headers.put(CloudEventHeaders.ID, id);
        headers.put(CloudEventHeaders.TYPE, type);
        headers.put(CloudEventHeaders.SOURCE, source);
        headers.put(CloudEventHeaders.TIME, time.toString());
        if (subject != null) {
            headers.put(CloudEventHeaders.SUBJECT, subject);
        }
        if (traceparent != null) {
            headers.put(CloudEventHeaders.TRACEPARENT, traceparent);
        }
        return Map.copyOf(headers);
    }

    /**
     * Reads the attributes from consumed headers.
     *
     * @throws InvalidEventException if {@code ce_id}, {@code ce_type}, {@code ce_source} or {@code ce_time} is missing
     *     or blank, or {@code ce_time} is not an RFC 3339 timestamp
     */
    public static EventMetadata fromHeaders(Map<String, String> headers) {
        String id = required(headers, CloudEventHeaders.ID);
        String type = required(headers, CloudEventHeaders.TYPE);
        String source = required(headers, CloudEventHeaders.SOURCE);
        String time = required(headers, CloudEventHeaders.TIME);
        Instant parsedTime;
        try {
            parsedTime = Instant.parse(time);
        } catch (DateTimeParseException ex) {
            throw new InvalidEventException(
                    "Header " + CloudEventHeaders.TIME + " is not an RFC 3339 timestamp: " + time, ex);
        }
        return new EventMetadata(
                id,
                type,
                source,
                parsedTime,
                optional(headers, CloudEventHeaders.SUBJECT),
                optional(headers, CloudEventHeaders.TRACEPARENT));
    }

    private static String required(Map<String, String> headers, String name) {
        String value = headers.get(name);
        if (value == null || value.isBlank()) {
            throw new InvalidEventException("Header " + name + " is missing or blank");
        }
        return value;
    }

    private static @Nullable String optional(Map<String, String> headers, String name) {
        String value = headers.get(name);
        return value == null || value.isBlank() ? null : value;
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
