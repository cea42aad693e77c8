package dev.shop.common.problem;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.handler.TracingObservationHandler;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.util.ClassUtils;
import org.springframework.web.server.ServerWebExchange;

/**
 * The trace id of a request, the one a client quotes from a problem's {@code traceId}. In order of preference: the
 * trace id of the current server observation's span (when Micrometer Tracing is present), the trace id of a valid W3C
 * {@code traceparent} request header, or a random id. Whatever is chosen is kept in the exchange attribute
 * {@link #ATTRIBUTE}, so that every log line and the response agree.
 */
public final class TraceIds {

    /** Exchange attribute holding the trace id once it has been chosen. */
    public static final String ATTRIBUTE = TraceIds.class.getName() + ".traceId";

    private static final boolean TRACING_PRESENT = ClassUtils.isPresent(
            "io.micrometer.tracing.handler.TracingObservationHandler", TraceIds.class.getClassLoader());

    // version 00-fe (ff is forbidden), 32-hex trace id, 16-hex parent id, 2-hex flags
    private static final Pattern TRACEPARENT =
            Pattern.compile("^(?!ff)[0-9a-f]{2}-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}(-.*)?$");
    private static final String INVALID_TRACE_ID = "0".repeat(32);
    private static final String INVALID_PARENT_ID = "0".repeat(16);

    private TraceIds() {}

    /** The trace id of this exchange, chosen on the first call and the same afterwards. */
    public static String of(ServerWebExchange exchange) {
        if (exchange.getAttribute(ATTRIBUTE) instanceof String traceId) {
            return traceId;
        }
        String traceId = fromObservation(exchange);
        if (traceId == null) {
            traceId = fromTraceparent(exchange.getRequest().getHeaders().getFirst("traceparent"));
        }
        if (traceId == null) {
            traceId = random();
        }
        exchange.getAttributes().put(ATTRIBUTE, traceId);
        return traceId;
    }

    /** The trace id of a valid W3C {@code traceparent} value, {@code null} for anything else. */
    static @Nullable String fromTraceparent(@Nullable String traceparent) {
        if (traceparent == null) {
            return null;
        }
        var matcher = TRACEPARENT.matcher(traceparent.trim());
        if (!matcher.matches()) {
            return null;
        }
        String traceId = matcher.group(1);
        boolean valid = !INVALID_TRACE_ID.equals(traceId) && !INVALID_PARENT_ID.equals(matcher.group(2));
        return valid ? traceId : null;
    }

    private static @Nullable String fromObservation(ServerWebExchange exchange) {
        if (!TRACING_PRESENT) {
            return null;
        }
        return ServerRequestObservationContext.findCurrent(exchange.getAttributes())
                .map(Tracing::traceId)
                .orElse(null);
    }

    private static String random() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        // not a security token: ThreadLocalRandom avoids SecureRandom's seeding I/O on an event loop
        // "| 1": an all-zero trace id is invalid in W3C trace context
        return HexFormat.of().toHexDigits(random.nextLong() | 1L)
                + HexFormat.of().toHexDigits(random.nextLong());
    }

    /** Kept apart so that the Micrometer Tracing types are loaded only when the library is present. */
    private static final class Tracing {

        static @Nullable String traceId(ServerRequestObservationContext context) {
            TracingObservationHandler.TracingContext tracing =
                    context.get(TracingObservationHandler.TracingContext.class);
            Span span = tracing != null ? tracing.getSpan() : null;
            if (span == null || span.isNoop()) {
                return null;
            }
            String traceId = span.context().traceId();
            return traceId.isBlank() || traceId.chars().allMatch(c -> c == '0') ? null : traceId;
        }
    }
}
