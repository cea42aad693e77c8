package dev.shop.common.apidocs;

import dev.shop.common.problem.ProblemType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What each problem type means to a client, and an example body of it. */
final class ProblemExamples {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

    private ProblemExamples() {}

    /** When the API answers with {@code type}: the description of a response. */
    static String when(ProblemType type) {
        return switch (type) {
            case VALIDATION -> "A value of the request is invalid; errors[] names each field or parameter";
            case MALFORMED_REQUEST -> "The request cannot be read (malformed JSON, a header sent twice, a bad value)";
            case UNAUTHORIZED ->
                "No bearer token where one is needed, or one that is expired, badly signed or for another audience";
            case FORBIDDEN -> "The token lacks the role the operation needs";
            case NOT_FOUND -> "No such resource, or not one of yours";
            case METHOD_NOT_ALLOWED -> "The path does not take this method";
            case CONFLICT -> "The request conflicts with the resource's current state";
            case IDEMPOTENCY_KEY_IN_USE -> "A request with this Idempotency-Key is still running; retry later";
            case PRICE_CHANGED -> "A price changed since the expected total was computed";
            case ORDER_NOT_CANCELLABLE -> "The order has gone past the point where it can be cancelled";
            case TOO_MANY_OPEN_ORDERS -> "The customer has as many unsettled orders as the shop allows";
            case STALE_VERSION -> "If-Match names a version that is no longer current";
            case PAYLOAD_TOO_LARGE -> "The body is larger than the API accepts";
            case UNSUPPORTED_MEDIA_TYPE -> "The body is not application/json";
            case IDEMPOTENCY_KEY_MISMATCH -> "The Idempotency-Key was used before for a different request";
            case EMPTY_CART -> "The cart has no lines to check out";
            case REPLAY_MISMATCH -> "The replayed payload does not match the dead letter";
            case RATE_LIMITED -> "Too many requests from this client; Retry-After says when to try again";
            case SERVICE_UNAVAILABLE ->
                "The service or one it depends on is unavailable; Retry-After says when to retry";
            case GATEWAY_TIMEOUT -> "The service did not answer in time";
            case INTERNAL -> "An unexpected error; quote the traceId when you report it";
        };
    }

    /** An example body of a problem of {@code type}. */
    static Map<String, Object> of(ProblemType type) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type.uri().toString());
        body.put("title", type.title());
        body.put("status", type.status().value());
        body.put("detail", when(type) + ".");
        body.put("instance", "/api/...");
        body.put("traceId", TRACE_ID);
        if (type == ProblemType.VALIDATION) {
            body.put("detail", "The request contains invalid values; see errors.");
            body.put("errors", List.of(Map.of("field", "quantity", "message", "must be greater than or equal to 1")));
        }
        return body;
    }
}
