package dev.shop.common.outbox;

import io.micrometer.tracing.Tracer;
import org.jspecify.annotations.Nullable;

/** The W3C {@code traceparent} of the work in progress, stored with each outbox row. */
@FunctionalInterface
public interface TraceparentSource {

    @Nullable
    String current();

    TraceparentSource NONE = () -> null;

    /** The current span of Micrometer Tracing, as {@code 00-<trace id>-<span id>-<flags>}. */
    static TraceparentSource of(Tracer tracer) {
        return () -> {
            var span = tracer.currentSpan();
            if (span == null) {
                return null;
            }
            var context = span.context();
            var sampled = Boolean.TRUE.equals(context.sampled()) ? "01" : "00";
            return "00-" + context.traceId() + "-" + context.spanId() + "-" + sampled;
        };
    }
}
