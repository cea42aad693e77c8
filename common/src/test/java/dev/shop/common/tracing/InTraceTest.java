package dev.shop.common.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** With context propagation "limited", as the services run: the observation of the Reactor context, where asked. */
class InTraceTest {

    private static final ObservationRegistry registry = ObservationRegistry.create();
    private static final Observation request = Observation.start("request", registry);

    @BeforeAll
    static void limitedContextPropagation() {
        Hooks.disableAutomaticContextPropagation();
        ObservationThreadLocalAccessor.getInstance().setObservationRegistry(registry);
    }

    @AfterAll
    static void stopObservation() {
        request.stop();
    }

    @Test
    void aPlainLambdaOnAnotherThreadSeesNoObservation() {
        var seen = new AtomicReference<@Nullable Observation>(request);

        inRequest(Mono.fromRunnable(() -> seen.set(registry.getCurrentObservation())));

        assertThat(seen.get()).isNull();
    }

    @Test
    void runSeesTheObservationOfTheContext() {
        var seen = new AtomicReference<@Nullable Observation>();

        inRequest(InTrace.run(() -> seen.set(registry.getCurrentObservation())));

        assertThat(seen.get()).isSameAs(request);
        assertThat(registry.getCurrentObservation())
                .as("after, on the test's thread")
                .isNull();
    }

    @Test
    void deferRunsTheSupplierWithTheObservationAndEmitsWhatItsMonoEmits() {
        var seen = new AtomicReference<@Nullable Observation>();

        var value = inRequest(InTrace.defer(() -> {
            seen.set(registry.getCurrentObservation());
            return Mono.just("charged");
        }));

        assertThat(value).isEqualTo("charged");
        assertThat(seen.get()).isSameAs(request);
    }

    @Test
    void peekSeesTheObservationForEachValueAndPassesEveryValueOn() {
        var seen = new ArrayList<@Nullable Observation>();

        List<Integer> values = Flux.range(1, 3)
                .publishOn(Schedulers.boundedElastic())
                .handle(InTrace.<Integer>peek(value -> seen.add(registry.getCurrentObservation())))
                .contextWrite(context -> context.put(ObservationThreadLocalAccessor.KEY, request))
                .collectList()
                .block();

        assertThat(values).containsExactly(1, 2, 3);
        assertThat(seen).hasSize(3).allMatch(observation -> observation == request);
    }

    private static <T> @Nullable T inRequest(Mono<T> work) {
        return work.subscribeOn(Schedulers.boundedElastic())
                .contextWrite(context -> context.put(ObservationThreadLocalAccessor.KEY, request))
                .block();
    }
}
