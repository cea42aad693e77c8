package dev.shop.common.problem;

import java.util.Map;
import java.util.Objects;
import org.springframework.http.HttpHeaders;

/**
 * Base of the domain exceptions that services throw when a request cannot be served, named for what happened
 * ({@code ProductNotFound}, {@code OrderNotCancellable}). The problem handler answers with the exception's
 * {@link ProblemType}, its status and {@code detail} = the message, which therefore must be fit for the client.
 */
public abstract class ShopException extends RuntimeException {

    private final ProblemType type;

    protected ShopException(ProblemType type, String detail) {
        super(detail);
        this.type = Objects.requireNonNull(type, "type");
    }

    protected ShopException(ProblemType type, String detail, Throwable cause) {
        super(detail, cause);
        this.type = Objects.requireNonNull(type, "type");
    }

    public ProblemType type() {
        return type;
    }

    /** The client-facing explanation of this occurrence. */
    public String detail() {
        String message = getMessage();
        return message != null ? message : type.title();
    }

    /** Headers to add to the response, e.g. {@code Retry-After} for {@link ProblemType#RATE_LIMITED}. */
    public HttpHeaders headers() {
        return HttpHeaders.EMPTY;
    }

    /** Response headers saying when to try again: {@code Retry-After} in whole seconds, at least one. */
    protected static HttpHeaders retryAfter(long seconds) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, seconds)));
        return headers;
    }

    /**
     * Whether this is a failure of the server, logged as an error with its stack trace. A 5xx is one, unless the
     * service refuses on purpose (shedding load: 503 with {@code Retry-After}), which is what it is there for.
     */
    public boolean serverFault() {
        return type.status().is5xxServerError();
    }

    /** Extension members to add to the problem, e.g. the current total for {@link ProblemType#PRICE_CHANGED}. */
    public Map<String, Object> properties() {
        return Map.of();
    }
}
