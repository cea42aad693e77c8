package dev.shop.gateway.ratelimit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.internal.ThreadExecutorMap;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.ratelimit.RateLimiter;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.ReactiveRedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The gateway's {@link RedisRateLimiter}, guarded against how Spring Data Redis opens its connection: the shared
 * Lettuce connection is opened lazily and blocking, by whichever thread first needs it. Here it is opened at startup,
 * before the server takes requests; when Redis is not there yet, requests pass unlimited (as they do when Redis fails
 * later) while a background thread keeps trying, so no event loop ever waits for a connection. Once open, Lettuce
 * reconnects by itself and a command that gets no answer within {@code spring.data.redis.timeout} fails, which
 * {@link RedisRateLimiter} turns into "allowed" (fail open, see the README).
 */
public final class RedisGuardedRateLimiter implements RateLimiter<RedisRateLimiter.Config>, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RedisGuardedRateLimiter.class);
    private static final Duration RETRY_INTERVAL = Duration.ofSeconds(1);

    private final RedisRateLimiter redis;
    private final LettuceConnectionFactory connections;
    private final MeterRegistry meters;
    private final Map<String, Counter> refusals = new ConcurrentHashMap<>();
    // one scheduler per server event loop (a fixed set of threads)
    private final Map<EventExecutor, Scheduler> eventLoops = new ConcurrentHashMap<>();
    private final AtomicBoolean connected = new AtomicBoolean();
    private volatile boolean running;
    private volatile @Nullable Disposable retries;

    public RedisGuardedRateLimiter(RedisRateLimiter redis, LettuceConnectionFactory connections, MeterRegistry meters) {
        this.redis = redis;
        this.connections = connections;
        this.meters = meters;
    }

    @Override
    public Mono<Response> isAllowed(String routeId, String id) {
        // registered with the route's first request, so that a route without refusals shows 0 rather than nothing
        Counter refused = refusals(routeId);
        if (!connected.get()) {
            return Mono.just(new Response(true, Map.of()));
        }
        // Lettuce answers on its connection's one I/O thread; without the hop the rest of every request (routing, the
        // call to the service) would run on that single thread. The hop goes back to the event loop that reads the
        // request (its connection's), so that the call to the service and the answer stay on that thread
        return redis.isAllowed(routeId, id)
                .doOnNext(response -> {
                    if (!response.isAllowed()) {
                        refused.increment();
                    }
                })
                .publishOn(currentEventLoop());
    }

    private Scheduler currentEventLoop() {
        EventExecutor loop = ThreadExecutorMap.currentExecutor();
        if (loop == null) {
            return Schedulers.parallel(); // not called on an event loop (tests calling the limiter directly)
        }
        return eventLoops.computeIfAbsent(loop, executor -> Schedulers.fromExecutor(executor));
    }

    private Counter refusals(String routeId) {
        return refusals.computeIfAbsent(
                routeId,
                route -> Counter.builder("shop.gateway.rate.limited")
                        .description("Requests refused with 429 because the client's rate limit was spent, by route")
                        .tag("route", route)
                        .register(meters));
    }

    /** Whether the limiter talks to Redis (false: requests pass unlimited until it does). */
    public boolean isConnected() {
        return connected.get();
    }

    @Override
    public Map<String, RedisRateLimiter.Config> getConfig() {
        return redis.getConfig();
    }

    @Override
    public Class<RedisRateLimiter.Config> getConfigClass() {
        return redis.getConfigClass();
    }

    @Override
    public RedisRateLimiter.Config newConfig() {
        return redis.newConfig();
    }

    @Override
    public void start() {
        running = true;
        if (!tryConnect()) {
            log.warn(
                    "Redis is not reachable: requests pass without rate limits until it is (retrying every {})",
                    RETRY_INTERVAL);
            retries = Flux.interval(RETRY_INTERVAL, RETRY_INTERVAL, Schedulers.boundedElastic())
                    .takeWhile(tick -> running && !connected.get())
                    .subscribe(tick -> {
                        if (tryConnect()) {
                            log.info("Redis is reachable: rate limits apply again");
                        }
                    });
        }
    }

    // opens Spring Data's shared connection, blocking (bounded by spring.data.redis.connect-timeout): runs on the
    // starting thread or a bounded-elastic one, never on an event loop
    private boolean tryConnect() {
        try (ReactiveRedisConnection connection = connections.getReactiveConnection()) {
            connected.set(true);
            return true;
        } catch (RuntimeException unreachable) {
            log.debug("Redis not reachable yet", unreachable);
            return false;
        }
    }

    @Override
    public void stop() {
        running = false;
        Disposable pending = retries;
        if (pending != null) {
            pending.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** After the Redis connection factory (phase 0), before the web server takes requests. */
    @Override
    public int getPhase() {
        return 1;
    }
}
