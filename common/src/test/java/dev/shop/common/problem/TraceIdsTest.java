package dev.shop.common.problem;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.test.simple.SimpleTracer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

class TraceIdsTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

    @Test
    void takesTheTraceIdOfTheCurrentServerSpan() {
        SimpleTracer tracer = new SimpleTracer();
        ObservationRegistry registry = ObservationRegistry.create();
        registry.observationConfig().observationHandler(new DefaultTracingObservationHandler(tracer));
        MockServerWebExchange exchange = exchange("00-" + TRACE_ID + "-00f067aa0ba902b7-01");
        ServerRequestObservationContext context = new ServerRequestObservationContext(
                exchange.getRequest(), exchange.getResponse(), exchange.getAttributes());
        exchange.getAttributes().put(ServerRequestObservationContext.CURRENT_OBSERVATION_CONTEXT_ATTRIBUTE, context);
        Observation observation = Observation.start("http.server.requests", () -> context, registry);
        try {
            String spanTraceId = tracer.getSpans().getFirst().context().traceId();

            assertThat(spanTraceId).isNotBlank().isNotEqualTo(TRACE_ID);
            assertThat(TraceIds.of(exchange)).isEqualTo(spanTraceId);
        } finally {
            observation.stop();
        }
    }

    @Test
    void takesTheTraceIdOfAValidTraceparentHeader() {
        assertThat(TraceIds.of(exchange("00-" + TRACE_ID + "-00f067aa0ba902b7-01")))
                .isEqualTo(TRACE_ID);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "garbage",
                "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
                "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01"
            })
    void makesUpARandomIdForAnInvalidTraceparent(String traceparent) {
        String traceId = TraceIds.of(exchange(traceparent));

        assertThat(traceId).matches("[0-9a-f]{32}").isNotEqualTo(TRACE_ID.toUpperCase());
    }

    @Test
    void keepsOneIdPerExchangeAndMakesANewOneForTheNext() {
        MockServerWebExchange exchange = exchange(null);

        String first = TraceIds.of(exchange);

        assertThat(TraceIds.of(exchange)).isEqualTo(first);
        assertThat(exchange.getAttributes()).containsEntry(TraceIds.ATTRIBUTE, first);
        assertThat(TraceIds.of(exchange(null))).isNotEqualTo(first);
    }

    private static MockServerWebExchange exchange(String traceparent) {
        MockServerHttpRequest.BaseBuilder<?> request = MockServerHttpRequest.get("/api/x");
        if (traceparent != null) {
            request.header("traceparent", traceparent);
        }
        return MockServerWebExchange.from(request);
    }
}
