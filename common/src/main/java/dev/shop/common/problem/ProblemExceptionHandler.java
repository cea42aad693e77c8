package dev.shop.common.problem;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * Turns every exception that escapes a handler or filter into a problem. Ordered before Boot's
 * {@code DefaultErrorWebExceptionHandler} (-1), which therefore only sees what this one passes on: an error after the
 * response was committed.
 *
 * <p>The mapping:
 *
 * <ul>
 *   <li>{@link ShopException}: its type, detail, headers and properties;
 *   <li>bean validation ({@code WebExchangeBindException}, {@code HandlerMethodValidationException},
 *       {@code ConstraintViolationException}), a missing parameter or header, a path or query value of the wrong type
 *       (e.g. a bad UUID): 400 {@code validation} with {@code errors: [{field, message}]};
 *   <li>an unreadable body (malformed JSON, wrong JSON types, missing body): 400 {@code malformed-request};
 *   <li>405 {@code method-not-allowed} with {@code Allow}; 415 {@code unsupported-media-type}; a body over the limit:
 *       413 {@code payload-too-large}; no handler: 404 {@code not-found};
 *   <li>Spring Security: {@code AuthenticationException} 401 {@code unauthorized} with {@code WWW-Authenticate:
 *       Bearer}, except {@code AuthenticationServiceException} (the token could not be checked, e.g. the key set is
 *       unreachable): 503 {@code service-unavailable}; {@code AccessDeniedException} 403 {@code forbidden};
 *   <li>any other {@code ErrorResponse} (e.g. {@code ResponseStatusException}): the general type of its status, or
 *       {@code about:blank} for a status the API has no type for (e.g. 406);
 *   <li>anything else: 500 {@code internal}. Every 5xx gets a fixed detail and is logged with its trace id; its
 *       message, class and stack never reach the client.
 * </ul>
 */
public final class ProblemExceptionHandler implements WebExceptionHandler, Ordered {

    /** Before Boot's error handler at -1. */
    public static final int ORDER = -2;

    private final ProblemWriter writer;

    public ProblemExceptionHandler(ProblemWriter writer) {
        this.writer = writer;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
        return writer.write(exchange, ex);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
