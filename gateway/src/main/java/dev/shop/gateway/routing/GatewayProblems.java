package dev.shop.gateway.routing;

import dev.shop.common.problem.ProblemExceptionHandler;
import dev.shop.common.problem.ProblemWriter;
import dev.shop.common.problem.RequestBodyTooLarge;
import dev.shop.gateway.ratelimit.RateLimited;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * Names the gateway's own failures before common's problem handler sees them, which would otherwise call them a 500:
 *
 * <ul>
 *   <li>the rate limiter's refusal ({@code throw-on-limit}) → 429 {@code rate-limited} with {@code Retry-After},
 *       beside the {@code X-RateLimit-*} headers the limiter set;
 *   <li>a refused connection, an unknown host, a connection closed before the answer, an open breaker → 503
 *       {@code service-unavailable};
 *   <li>a chunked body over the limit, failing while it streams to the service → 413 {@code payload-too-large}.
 * </ul>
 *
 * A route's response timeout arrives as a 504 status exception, which common already answers as
 * {@code gateway-timeout}. Everything else passes on to common unchanged.
 */
@Component
class GatewayProblems implements WebExceptionHandler, Ordered {

    private final ProblemWriter writer;

    GatewayProblems(ProblemWriter writer) {
        this.writer = writer;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        Throwable problem = translate(exchange, error);
        return problem != null ? writer.write(exchange, problem) : Mono.error(error);
    }

    private static @Nullable Throwable translate(ServerWebExchange exchange, Throwable error) {
        if (error instanceof HttpClientErrorException refused
                && refused.getStatusCode().value() == HttpStatus.TOO_MANY_REQUESTS.value()) {
            return RateLimited.from(exchange.getResponse().getHeaders());
        }
        RequestBodyTooLarge tooLarge = UpstreamFailures.find(error, RequestBodyTooLarge.class);
        if (tooLarge != null) {
            return tooLarge;
        }
        if (UpstreamFailures.isBreakerOpen(error)) {
            return new ServiceUnavailable(
                    "The service is failing and is given a pause; retry in a few seconds.", error);
        }
        if (UpstreamFailures.isUnreachable(error)) {
            return new ServiceUnavailable("The service cannot be reached; retry in a few seconds.", error);
        }
        return null;
    }

    @Override
    public int getOrder() {
        return ProblemExceptionHandler.ORDER - 1;
    }
}
