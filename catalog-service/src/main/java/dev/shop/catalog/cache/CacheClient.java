package dev.shop.catalog.cache;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * The cache's Redis connections: a few multiplexed Lettuce connections, used reactively, never blocking a caller.
 *
 * <ul>
 *   <li>Spring Data Redis opens its shared connection lazily and blocking, on the event loop of the first request
 *       (and again on every request while Redis is away at startup). Here the connections are opened asynchronously
 *       at startup and, when that fails, retried in the background.
 *   <li>While no connection is open, commands are not sent (reads miss, writes are skipped), and Lettuce rejects
 *       rather than queues commands while it reconnects: a Redis outage costs cache hits, nothing else.
 *   <li>No timer per command: with Lettuce's command timeout every request's objects stayed referenced from the
 *       timer wheel until its next tick, survived young collections and filled the old generation under load
 *       (full collections every few seconds; see docs/benchmarks.md). A watchdog pings each connection every
 *       second instead; a connection that does not answer within {@code spring.data.redis.timeout} is closed, which
 *       fails its pending commands (those reads go to PostgreSQL), and replaced. A hung Redis thus delays a read by at
 *       most about a second, once.
 *   <li>One connection per core: a reply is handled, and the rest of the request runs, on its connection's Lettuce
 *       thread; a single connection funnelled every cache hit through one thread.
 * </ul>
 */
@Component
@EnableConfigurationProperties(RedisEndpoint.class)
public class CacheClient implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CacheClient.class);
    private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);
    private static final Duration WATCH_INTERVAL = Duration.ofSeconds(1);

    private final RedisClient client;
    private final RedisURI uri;
    private final Duration timeout;
    private final int connectionCount;
    private final AtomicReference<List<StatefulRedisConnection<String, byte[]>>> open =
            new AtomicReference<>(List.of());
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicBoolean reconnecting = new AtomicBoolean();
    private final AtomicBoolean warned = new AtomicBoolean();
    private final Disposable.Composite background = Disposables.composite();
    private volatile boolean running;

    CacheClient(RedisEndpoint endpoint) {
        this.connectionCount = Math.max(2, Runtime.getRuntime().availableProcessors());
        this.timeout = endpoint.timeout();
        var builder = RedisURI.builder()
                .withHost(endpoint.host())
                .withPort(endpoint.port())
                .withDatabase(endpoint.database())
                .withTimeout(endpoint.timeout());
        String password = endpoint.password();
        String username = endpoint.username();
        if (password != null) {
            builder = username != null
                    ? builder.withAuthentication(username, password)
                    : builder.withPassword(password.toCharArray());
        }
        this.uri = builder.build();
        this.client = RedisClient.create();
        client.setOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder()
                        .connectTimeout(endpoint.connectTimeout())
                        .build())
                .timeoutOptions(TimeoutOptions.create())
                .build());
    }

    /** The value at {@code key}; empty when there is none or Redis is not connected. */
    public Mono<byte[]> get(String key) {
        var commands = commands();
        return commands == null ? Mono.empty() : commands.get(key);
    }

    /** Stores {@code value} at {@code key} for {@code ttl}; does nothing while Redis is not connected. */
    public Mono<Void> set(String key, byte[] value, Duration ttl) {
        var commands = commands();
        return commands == null
                ? Mono.empty()
                : commands.set(key, value, SetArgs.Builder.px(ttl.toMillis())).then();
    }

    /** Runs a Lua script on one key; empty while Redis is not connected. */
    public Mono<Long> eval(String script, String key, byte[]... args) {
        var commands = commands();
        return commands == null
                ? Mono.empty()
                : commands.<Long>eval(script, ScriptOutputType.INTEGER, new String[] {key}, args)
                        .next();
    }

    public boolean connected() {
        return open.get().stream().anyMatch(StatefulRedisConnection::isOpen);
    }

    private @Nullable RedisReactiveCommands<String, byte[]> commands() {
        var connections = open.get();
        if (connections.isEmpty()) {
            return null;
        }
        return connections
                .get(Math.floorMod(next.getAndIncrement(), connections.size()))
                .reactive();
    }

    @Override
    public void start() {
        running = true;
        reconnect();
        background.add(Flux.interval(WATCH_INTERVAL, WATCH_INTERVAL)
                .onBackpressureDrop()
                .concatMap(tick -> watch())
                .subscribe());
    }

    /** Opens connections until there are {@link #connectionCount}, retrying while Redis does not answer. */
    private void reconnect() {
        if (!running || !reconnecting.compareAndSet(false, true)) {
            return;
        }
        background.add(Mono.defer(() -> Mono.fromCompletionStage(client.connectAsync(CODEC, uri)))
                .doOnError(this::warnOnce)
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(500)).maxBackoff(Duration.ofSeconds(15)))
                .repeat(() -> running && open.get().size() < connectionCount)
                .doOnNext(connection -> {
                    if (running) {
                        open.updateAndGet(connections -> with(connections, connection));
                    } else {
                        connection.closeAsync();
                    }
                })
                .doFinally(signal -> reconnecting.set(false))
                .subscribe(connection -> {}, ex -> log.error("Stopped connecting to Redis", ex), () -> {
                    warned.set(false);
                    log.info(
                            "Cache connected to Redis at {}:{} ({} connections)",
                            uri.getHost(),
                            uri.getPort(),
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
                    if (open.get().size() < connectionCount) {
                        reconnect();
                    }
                }));
    }

    private void drop(StatefulRedisConnection<String, byte[]> connection, Throwable cause) {
        open.updateAndGet(connections -> without(connections, connection));
        warnOnce(cause);
        connection.closeAsync();
    }

    private void warnOnce(Throwable ex) {
        if (warned.compareAndSet(false, true)) {
            log.warn(
                    "Redis at {}:{} does not answer ({}); reads go to PostgreSQL until it does",
                    uri.getHost(),
                    uri.getPort(),
                    ex.toString());
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

    @Override
    public void stop() {
        running = false;
        background.dispose();
        open.getAndSet(List.of()).forEach(StatefulRedisConnection::close);
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
