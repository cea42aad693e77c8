package dev.shop.gateway.routing;

import dev.shop.common.problem.ProblemExceptionHandler;
import dev.shop.common.problem.ProblemWriter;
import dev.shop.common.problem.RequestBodyTooLarge;
import dev.shop.gateway.GatewayProperties;
import dev.shop.gateway.ratelimit.RateLimited;
import java.time.Duration;
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
 *   <li>a refused connection, an unknown host, a connection closed before the answer, no instance ready, an open
 *       breaker → 503 {@code service-unavailable} with {@code Retry-After};
 *   <li>a chunked body over the limit, failing while it streams to the service → 413 {@code payload-too-large}.
 * </ul>
 *
 * A route's response timeout arrives as a 504 status exception, which common already answers as
 * {@code gateway-timeout}. Everything else passes on to common unchanged.
 */
@Component
class GatewayProblems implements WebExceptionHandler, Ordered {

    /** How soon an unreachable service is worth another try: its instances' readiness is asked every second. */
    static final Duration UNREACHABLE_RETRY_AFTER = Duration.ofSeconds(2);

    private final ProblemWriter writer;
    private final Duration breakerPause;

    GatewayProblems(ProblemWriter writer, GatewayProperties properties) {
        this.writer = writer;
        this.breakerPause = properties.circuitBreaker().waitInOpenState();
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        Throwable problem = translate(exchange, error);
        return problem != null ? writer.write(exchange, problem) : Mono.error(error);
    }

    private @Nullable Throwable translate(ServerWebExchange exchange, Throwable error) {
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
                    "The service is failing and is given a pause; retry in a few seconds.", breakerPause, error);
        }
        if (UpstreamFailures.isUnreachable(error)) {
            return new ServiceUnavailable(
                    "The service cannot be reached; retry in a few seconds.", UNREACHABLE_RETRY_AFTER, error);
        }
        return null;
    }

    @Override
    public int getOrder() {
        return ProblemExceptionHandler.ORDER - 1;
    }
}
