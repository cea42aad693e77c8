package dev.shop.common.problem;

import java.net.URI;
import java.util.Optional;
import org.springframework.http.HttpStatus;

/**
 * Every problem type of the public API. The {@code type} member of a problem is
 * {@code https://shop.example/problems/<slug>}.
 */
public enum ProblemType {
    VALIDATION("validation", HttpStatus.BAD_REQUEST, "Validation failed"),
    MALFORMED_REQUEST("malformed-request", HttpStatus.BAD_REQUEST, "Malformed request"),
    UNAUTHORIZED("unauthorized", HttpStatus.UNAUTHORIZED, "Unauthorized"),
    FORBIDDEN("forbidden", HttpStatus.FORBIDDEN, "Forbidden"),
    NOT_FOUND("not-found", HttpStatus.NOT_FOUND, "Not found"),
    METHOD_NOT_ALLOWED("method-not-allowed", HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed"),
    CONFLICT("conflict", HttpStatus.CONFLICT, "Conflict"),
    IDEMPOTENCY_KEY_IN_USE("idempotency-key-in-use", HttpStatus.CONFLICT, "Idempotency key in use"),
    PRICE_CHANGED("price-changed", HttpStatus.CONFLICT, "Price changed"),
    ORDER_NOT_CANCELLABLE("order-not-cancellable", HttpStatus.CONFLICT, "Order not cancellable"),
    TOO_MANY_OPEN_ORDERS("too-many-open-orders", HttpStatus.CONFLICT, "Too many open orders"),
    STALE_VERSION("stale-version", HttpStatus.PRECONDITION_FAILED, "Stale version"),
    PAYLOAD_TOO_LARGE("payload-too-large", HttpStatus.CONTENT_TOO_LARGE, "Payload too large"),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type"),
    IDEMPOTENCY_KEY_MISMATCH(
            "idempotency-key-mismatch", HttpStatus.UNPROCESSABLE_CONTENT, "Idempotency key reused for another request"),
    EMPTY_CART("empty-cart", HttpStatus.UNPROCESSABLE_CONTENT, "Empty cart"),
    REPLAY_MISMATCH(
            "replay-mismatch", HttpStatus.UNPROCESSABLE_CONTENT, "Replay payload does not match the dead letter"),
    RATE_LIMITED("rate-limited", HttpStatus.TOO_MANY_REQUESTS, "Too many requests"),
    SERVICE_UNAVAILABLE("service-unavailable", HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable"),
    GATEWAY_TIMEOUT("gateway-timeout", HttpStatus.GATEWAY_TIMEOUT, "Gateway timeout"),
    INTERNAL("internal", HttpStatus.INTERNAL_SERVER_ERROR, "Internal error");

    /** The prefix of every problem type URI. */
    public static final String BASE_URI = "https://shop.example/problems/";

    private final String slug;
    private final HttpStatus status;
    private final String title;
    private final URI uri;

    ProblemType(String slug, HttpStatus status, String title) {
        this.slug = slug;
        this.status = status;
        this.title = title;
        this.uri = URI.create(BASE_URI + slug);
    }

    /** The last path segment of the type URI, e.g. {@code not-found}. */
    public String slug() {
        return slug;
    }

    public HttpStatus status() {
        return status;
    }

    /** The short, fixed summary sent as {@code title}. */
    public String title() {
        return title;
    }

    /** The {@code type} URI. */
    public URI uri() {
        return uri;
    }

    /**
     * The general type for a bare HTTP status (one raised by the framework rather than by a domain exception), empty
     * when the API has no general type for that status.
     */
    public static Optional<ProblemType> forStatus(int status) {
        return Optional.ofNullable(
                switch (status) {
                    case 400 -> MALFORMED_REQUEST;
                    case 401 -> UNAUTHORIZED;
                    case 403 -> FORBIDDEN;
                    case 404 -> NOT_FOUND;
                    case 405 -> METHOD_NOT_ALLOWED;
                    case 409 -> CONFLICT;
                    case 412 -> STALE_VERSION;
                    case 413 -> PAYLOAD_TOO_LARGE;
                    case 415 -> UNSUPPORTED_MEDIA_TYPE;
                    case 429 -> RATE_LIMITED;
                    case 500 -> INTERNAL;
                    case 503 -> SERVICE_UNAVAILABLE;
                    case 504 -> GATEWAY_TIMEOUT;
                    default -> null;
                });
    }
}
