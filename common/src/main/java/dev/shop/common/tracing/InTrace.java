package dev.shop.common.tracing;

import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SynchronousSink;

/**
 * Runs code with the trace of the subscriber's Reactor context in thread locals, so that a log line written there
 * carries the trace id and span id.
 *
 * <p>The services run with {@code spring.reactor.context-propagation: limited}: the observation of a request or of a
 * consumed event travels in the Reactor context, and Reactor copies it into thread locals only around the function
 * of a {@code handle} operator. (With {@code auto} it does so on every signal of every operator: the largest cost in
 * a profile of cart-service under load.) Code in a {@code map}, {@code flatMap} or {@code doOnNext} lambda sees no
 * trace; code that logs goes through one of these instead:
 *
 * <pre>{@code
 * .flatMap(payment -> InTrace.defer(() -> {
 *     log.info("Payment {} requested", payment.id());   // carries the trace id
 *     return charge(payment);
 * }))
 * .handle(InTrace.peek(event -> log.info("Sent {}", event)))
 * .switchIfEmpty(InTrace.run(() -> log.info("Nothing to do")))
 * }</pre>
 */
public final class InTrace {

    private InTrace() {}

    /** Like {@link Mono#defer}: {@code supplier} runs, when subscribed, with the trace in thread locals. */
    public static <T> Mono<T> defer(Supplier<? extends Mono<? extends T>> supplier) {
        return Mono.just(Boolean.TRUE)
                .<Mono<? extends T>>handle((subscribed, sink) -> sink.next(supplier.get()))
                .flatMap(Function.identity());
    }

    /** Like {@link Mono#fromRunnable}: an empty {@code Mono} that runs {@code action} with the trace in thread locals. */
    public static <T> Mono<T> run(Runnable action) {
        return Mono.just(Boolean.TRUE).handle((subscribed, sink) -> {
            action.run();
            sink.complete();
        });
    }

    /** For {@code handle}, like {@code doOnNext}: runs {@code action} on each value with the trace, passes it on. */
    public static <T> BiConsumer<T, SynchronousSink<T>> peek(Consumer<? super T> action) {
        return (value, sink) -> {
            action.accept(value);
            sink.next(value);
        };
    }
}
