package dev.shop.localstack.stripe;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Faults the simulator injects into its Stripe API ({@code /v1}), switched at run time (Java or HTTP). Every field
 * is optional; a plan applies to the next {@link #count()} matching requests, or until cleared when the count is 0.
 *
 * @param operation only requests of this operation ({@code create}, {@code confirm}, {@code retrieve}, {@code list},
 *     {@code search}, {@code cancel}, {@code refund}); {@code null} for all
 * @param latency added before the request is executed; its idempotency key is in use meanwhile
 * @param errorRate share of requests (0..1) answered with {@code errorStatus} instead of their result
 * @param errorStatus the status of an injected error: a 5xx is kept as the key's result as Stripe does, 429 is not
 * @param errorAfterProcessing whether an injected error comes after the request took effect (a charge happened, the
 *     answer says 500) rather than before (nothing happened)
 * @param resetRate share of requests (0..1) executed and then answered by resetting the connection
 * @param down the API is unreachable: every request is reset at once and nothing is executed
 * @param count how many matching requests the plan applies to; 0 for all until cleared
 * @param orderId only requests about this order (its intents' {@code metadata[order_id]}); {@code null} for all, so
 *     that a test's one-shot fault is taken by its own payment and by nobody else's
 */
public record FaultPlan(
        @Nullable String operation,
        Duration latency,
        double errorRate,
        int errorStatus,
        boolean errorAfterProcessing,
        double resetRate,
        boolean down,
        int count,
        @Nullable String orderId) {

    static final Set<String> OPERATIONS = Set.of("create", "confirm", "retrieve", "list", "search", "cancel", "refund");

    public FaultPlan {
        if (operation != null && !OPERATIONS.contains(operation)) {
            throw new IllegalArgumentException("operation must be one of " + OPERATIONS + ", not " + operation);
        }
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative");
        }
        if (errorRate < 0 || errorRate > 1 || resetRate < 0 || resetRate > 1) {
            throw new IllegalArgumentException("error_rate and reset_rate must be between 0 and 1");
        }
        if (errorStatus < 400 || errorStatus > 599) {
            throw new IllegalArgumentException("error_status must be a 4xx or 5xx status");
        }
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative");
        }
    }

    /** No fault. */
    public static FaultPlan none() {
        return new FaultPlan(null, Duration.ZERO, 0, 500, false, 0, false, 0, null);
    }

    public static FaultPlan latencyOf(Duration latency) {
        return none().withLatency(latency);
    }

    /** Every request answered with {@code status} (a 5xx before anything happened). */
    public static FaultPlan errors(int status) {
        return new FaultPlan(null, Duration.ZERO, 1, status, false, 0, false, 0, null);
    }

    /** Every request executed, then its connection reset: the caller cannot know what happened. */
    public static FaultPlan resets() {
        return new FaultPlan(null, Duration.ZERO, 0, 500, false, 1, false, 0, null);
    }

    public static FaultPlan outage() {
        return new FaultPlan(null, Duration.ZERO, 0, 500, false, 0, true, 0, null);
    }

    public FaultPlan withLatency(Duration latency) {
        return new FaultPlan(
                operation, latency, errorRate, errorStatus, errorAfterProcessing, resetRate, down, count, orderId);
    }

    public FaultPlan afterProcessing() {
        return new FaultPlan(operation, latency, errorRate, errorStatus, true, resetRate, down, count, orderId);
    }

    public FaultPlan only(String operation) {
        return new FaultPlan(
                operation, latency, errorRate, errorStatus, errorAfterProcessing, resetRate, down, count, orderId);
    }

    /** Only requests about the order {@code orderId}: creating, confirming, reading, cancelling its intents. */
    public FaultPlan forOrder(UUID orderId) {
        return new FaultPlan(
                operation,
                latency,
                errorRate,
                errorStatus,
                errorAfterProcessing,
                resetRate,
                down,
                count,
                orderId.toString());
    }

    public FaultPlan times(int count) {
        return new FaultPlan(
                operation, latency, errorRate, errorStatus, errorAfterProcessing, resetRate, down, count, orderId);
    }

    boolean isNone() {
        return latency.isZero() && errorRate == 0 && resetRate == 0 && !down;
    }

    boolean appliesTo(String operation, @Nullable String order) {
        return (this.operation == null || this.operation.equals(operation))
                && (orderId == null || orderId.equals(order));
    }

    /** Reads the admin API's JSON form ({@code latency_ms}, {@code error_rate}, ...); unknown fields are refused. */
    static FaultPlan fromJson(Map<String, Object> json) {
        var known = Set.of(
                "operation",
                "latency_ms",
                "error_rate",
                "error_status",
                "error_after_processing",
                "reset_rate",
                "down",
                "count",
                "order_id");
        for (var field : json.keySet()) {
            if (!known.contains(field)) {
                throw new IllegalArgumentException("unknown field " + field + "; known: " + known);
            }
        }
        return new FaultPlan(
                json.get("operation") == null ? null : json.get("operation").toString(),
                Duration.ofMillis(number(json, "latency_ms", 0).longValue()),
                number(json, "error_rate", 0).doubleValue(),
                number(json, "error_status", 500).intValue(),
                bool(json, "error_after_processing"),
                number(json, "reset_rate", 0).doubleValue(),
                bool(json, "down"),
                number(json, "count", 0).intValue(),
                json.get("order_id") == null ? null : json.get("order_id").toString());
    }

    Map<String, Object> toJson(int remaining) {
        var json = new LinkedHashMap<String, Object>();
        json.put("operation", operation);
        json.put("latency_ms", latency.toMillis());
        json.put("error_rate", errorRate);
        json.put("error_status", errorStatus);
        json.put("error_after_processing", errorAfterProcessing);
        json.put("reset_rate", resetRate);
        json.put("down", down);
        json.put("count", count);
        json.put("remaining", count == 0 ? null : remaining);
        json.put("order_id", orderId);
        return json;
    }

    private static Number number(Map<String, Object> json, String field, Number fallback) {
        var value = json.get(field);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Number number) {
            return number;
        }
        throw new IllegalArgumentException(field + " must be a number");
    }

    private static boolean bool(Map<String, Object> json, String field) {
        var value = json.get(field);
        if (value == null) {
            return false;
        }
        if (value instanceof Boolean flag) {
            return flag;
        }
        throw new IllegalArgumentException(field + " must be true or false");
    }
}
