package dev.shop.common.redis;

import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Redis connections a service opens itself at startup and keeps open, for a part that must never wait on Redis (a
 * cache, rate limits):
 *
 * <ul>
 *   <li>Spring Data Redis opens its shared connection lazily and blocking, on the event loop of the first request (and
 *       again on every request while Redis is away). Here the connections are opened in the background from
 *       {@link #start()}, retried with a backoff (500 ms to 2 s) while Redis does not answer. The ceiling is short
 *       because an instance without Redis cannot refresh what it changed while other instances may already read
 *       from Redis again: the sooner it is back, the shorter such an entry can be served stale.
 *   <li>While none is open, {@link #next()} gives nothing and the caller goes on without Redis (a cache read misses, a
 *       request passes unlimited).
 *   <li>A watchdog pings each connection every second; one that does not answer within {@code timeout} is closed and
 *       replaced. (Lettuce's own keep-alive would also do, but its periodic reconnect attempts while Redis is away
 *       cost far more.)
 *   <li>Several connections spread the replies over as many Lettuce I/O threads; {@link #next()} takes them in turn.
 * </ul>
 *
 * <p>The connections' client (and so the address, credentials and TLS) is the caller's, through {@code connector}.
 * The gauge {@code shop.redis.connections{use}} counts the open ones (0: the service goes on without Redis).
 *
 * @param <K> the keys' type
 * @param <V> the values' type
 */
public final class RedisConnections<K, V> implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RedisConnections.class);
    private static final Duration WATCH_INTERVAL = Duration.ofSeconds(1);
    private static final Duration LONGEST_RETRY_PAUSE = Duration.ofSeconds(2);

    private final String purpose;
    private final int count;
    private final Duration timeout;
    private final Mono<StatefulRedisConnection<K, V>> connector;
    private final AtomicReference<List<StatefulRedisConnection<K, V>>> open = new AtomicReference<>(List.of());
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicBoolean connecting = new AtomicBoolean();
    private final AtomicBoolean warned = new AtomicBoolean();
    private final Disposable.Composite background = Disposables.composite();
    private volatile boolean running;

    /**
     * @param purpose what they serve, for the log: "the cache", "rate limits"
     * @param use the gauge's {@code use} tag: "cache", "rate-limits"
     * @param count how many to keep open
     * @param timeout how long a ping may take before its connection is replaced
     * @param connector opens one connection, never on an event loop (subscribed to once per connection to open)
     * @param meters where the gauge of open connections goes
     */
    public RedisConnections(
            String purpose,
            String use,
            int count,
            Duration timeout,
            Mono<StatefulRedisConnection<K, V>> connector,
            MeterRegistry meters) {
        if (count < 1) {
            throw new IllegalArgumentException("At least one connection, not " + count);
        }
        this.purpose = purpose;
        this.count = count;
        this.timeout = timeout;
        this.connector = connector;
        Gauge.builder(
                        "shop.redis.connections",
                        open,
                        connections -> connections.get().size())
                .description("Redis connections open (0: the service goes on without Redis until one is)")
                .tag("use", use)
                .register(meters);
    }

    /** One of the open connections, in turn; {@code null} while none is open. */
    public @Nullable StatefulRedisConnection<K, V> next() {
        var connections = open.get();
        if (connections.isEmpty()) {
            return null;
        }
        return connections.get(Math.floorMod(next.getAndIncrement(), connections.size()));
    }

    /** Whether a connection is open. */
    public boolean connected() {
        return open.get().stream().anyMatch(StatefulRedisConnection::isOpen);
    }

    @Override
    public void start() {
        running = true;
        connect();
        background.add(Flux.interval(WATCH_INTERVAL, WATCH_INTERVAL)
                .onBackpressureDrop()
                .concatMap(tick -> watch())
                .subscribe());
    }

    /** Opens connections until there are {@link #count}, retrying while Redis does not answer. */
    private void connect() {
        if (!running || !connecting.compareAndSet(false, true)) {
            return;
        }
        background.add(Mono.defer(() -> connector)
                .doOnError(this::warnOnce)
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(500)).maxBackoff(LONGEST_RETRY_PAUSE))
                .repeat(() -> running && open.get().size() < count)
                .doOnNext(connection -> {
                    if (running) {
                        open.updateAndGet(connections -> with(connections, connection));
                    } else {
                        connection.closeAsync();
                    }
                })
                .doFinally(signal -> connecting.set(false))
                .subscribe(connection -> {}, ex -> log.error("Stopped connecting to Redis for {}", purpose, ex), () -> {
                    warned.set(false);
                    log.info(
                            "Redis connected for {} ({} connections)",
                            purpose,
                            open.get().size());
                }));
    }

    /** Pings every connection; closes and replaces those that do not answer in time. */
    private Mono<Void> watch() {
        return Flux.fromIterable(open.get())
                .flatMap(connection -> connection
                        .reactive()
                        .ping()
                        .timeout(timeout)
                        .then()
                        .onErrorResume(ex -> {
                            drop(connection, ex);
                            return Mono.empty();
                        }))
                .then(Mono.fromRunnable(() -> {
                    if (open.get().size() < count) {
                        connect();
                    }
                }));
    }

    private void drop(StatefulRedisConnection<K, V> connection, Throwable cause) {
        open.updateAndGet(connections -> without(connections, connection));
        warnOnce(cause);
        connection.closeAsync();
    }

    private void warnOnce(Throwable ex) {
        if (warned.compareAndSet(false, true)) {
            log.warn("Redis does not answer ({}); {} goes on without it until it does", ex.toString(), purpose);
        }
    }

    private static <T> List<T> with(List<T> list, T element) {
        var copy = new ArrayList<>(list);
        copy.add(element);
        return List.copyOf(copy);
    }

    private static <T> List<T> without(List<T> list, T element) {
        var copy = new ArrayList<>(list);
        copy.remove(element);
        return List.copyOf(copy);
    }

    /** Closes the connections; the client is the caller's to shut down. */
    @Override
    public void stop() {
        running = false;
        background.dispose();
        open.getAndSet(List.of()).forEach(StatefulRedisConnection::close);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** After the application's connection factories (phase 0), before the web server takes requests. */
    @Override
    public int getPhase() {
        return 1;
    }
}
