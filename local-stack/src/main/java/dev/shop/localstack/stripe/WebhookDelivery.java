package dev.shop.localstack.stripe;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One webhook event as the simulator sent it (or holds or dropped it).
 *
 * @param eventId the event's {@code evt_...} id, the same in every attempt
 * @param objectId the id of the object the event is about ({@code pi_...} or {@code ch_...})
 * @param payload the exact JSON body sent
 * @param state {@code pending} (being delivered or retried), {@code held}, {@code dropped}, {@code delivered} or
 *     {@code failed} (gave up after its retries)
 * @param attempts delivery attempts so far
 * @param lastStatus the HTTP status of the last attempt; null before one, or when it got no answer
 */
public record WebhookDelivery(
        String eventId,
        String type,
        String objectId,
        String payload,
        String state,
        int attempts,
        @Nullable Integer lastStatus) {

    public boolean delivered() {
        return "delivered".equals(state);
    }

    Map<String, Object> toJson() {
        var json = new LinkedHashMap<String, Object>();
        json.put("id", eventId);
        json.put("type", type);
        json.put("object_id", objectId);
        json.put("state", state);
        json.put("attempts", attempts);
        json.put("last_status", lastStatus);
        return json;
    }
}
