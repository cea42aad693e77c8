package dev.shop.common.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.tracing.test.simple.SimpleTracer;
import org.junit.jupiter.api.Test;

class TracerTraceparentSourceTest {

    @Test
    void writesTheCurrentSpanAsAW3cTraceparent() {
        var tracer = new SimpleTracer();
        var source = new TracerTraceparentSource(tracer);
        var span = tracer.nextSpan().start();

        try (var inScope = tracer.withSpan(span)) {
            assertThat(source.current())
                    .startsWith("00-" + span.context().traceId() + "-"
                            + span.context().spanId() + "-")
                    .matches("00-[0-9a-f]+-[0-9a-f]+-0[01]");
        } finally {
            span.end();
        }
    }

    @Test
    void hasNothingOutsideASpan() {
        assertThat(new TracerTraceparentSource(new SimpleTracer()).current()).isNull();
    }
}
