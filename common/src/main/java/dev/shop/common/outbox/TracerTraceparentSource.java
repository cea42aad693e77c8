package dev.shop.common.outbox;

import io.micrometer.tracing.Tracer;
import org.jspecify.annotations.Nullable;

/** The current span of Micrometer Tracing, as {@code 00-<trace id>-<span id>-<flags>}. */
final class TracerTraceparentSource implements TraceparentSource {

    private final Tracer tracer;

    TracerTraceparentSource(Tracer tracer) {
        this.tracer = tracer;
    }

    @Override
    public @Nullable String current() {
        var span = tracer.currentSpan();
        if (span == null) {
            return null;
        }
        var context = span.context();
        var sampled = Boolean.TRUE.equals(context.sampled()) ? "01" : "00";
        return "00-" + context.traceId() + "-" + context.spanId() + "-" + sampled;
    }
}
