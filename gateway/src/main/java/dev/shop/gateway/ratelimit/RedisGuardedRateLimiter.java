package dev.shop.gateway.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.shop.common.redis.RedisConnections;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.AsyncBucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.DelayParameters;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.internal.ThreadExecutorMap;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.ratelimit.RateLimiter;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The routes' token buckets: kept in Redis, so that every replica of the gateway takes from the same bucket, and
 * consumed locally in between (Bucket4j's delaying optimization). A replica writes what its clients took to Redis
 * once a bucket has {@link #unsynchronizedTokens a tenth of its size} unwritten, or {@link #SYNC_EVERY} after the last
 * write, and reads the bucket back at the same time; a request in between costs no round trip. With one replica the
 * limits are exact; with n, a client may get up to n times a tenth of the burst more than its share before the
 * replicas see each other's consumption. The first request of a client on a replica reads its bucket from Redis.
 *
 * <p>The limits are each route's {@code redis-rate-limiter.*} arguments (refill per second, burst, tokens per
 * request), read from Spring Cloud Gateway's {@link RedisRateLimiter}, which only holds them here. Its answer headers
 * ({@code X-RateLimit-Remaining}, {@code -Replenish-Rate}, {@code -Burst-Capacity}, {@code -Requested-Tokens}) are
 * kept.
 *
 * <p>Redis is guarded: common's {@link RedisConnections} opens the connection at startup, off the event loops, with
 * Spring Boot's client (address, credentials and TLS from {@code spring.data.redis.*}), keeps trying while Redis is
 * not there and replaces a connection that stops answering; meanwhile requests pass unlimited. A bucket that needs
 * Redis and gets no answer within {@code spring.data.redis.timeout} lets the request pass (fail open, see the
 * README).
 */
public final class RedisGuardedRateLimiter implements RateLimiter<RedisRateLimiter.Config>, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RedisGuardedRateLimiter.class);
    /** The longest a replica keeps a bucket's consumption to itself. */
    static final Duration SYNC_EVERY = Duration.ofMillis(500);
    /** A bucket in Redis outlives the time it takes to fill up again by this much. */
    private static final Duration KEEP_FULL_BUCKETS = Duration.ofSeconds(10);

    private static final Duration FORGET_IDLE_CLIENTS = Duration.ofMinutes(2);
    private static final long MAX_LOCAL_BUCKETS = 100_000;

    private final RedisRateLimiter routes;
    private final RedisConnections<byte[], byte[]> connections;
    private final Duration timeout;
    private final MeterRegistry meters;
    private final Map<String, Counter> refusals = new ConcurrentHashMap<>();
    // one scheduler per server event loop (a fixed set of threads)
    private final Map<EventExecutor, Scheduler> eventLoops = new ConcurrentHashMap<>();
    private final Cache<BucketKey, AsyncBucketProxy> buckets = Caffeine.newBuilder()
            .expireAfterAccess(FORGET_IDLE_CLIENTS)
            .maximumSize(MAX_LOCAL_BUCKETS)
            .build();
    private volatile @Nullable RedisBuckets redisBuckets;

    /**
     * @param routes Spring Cloud Gateway's limiter, which collects each route's {@code redis-rate-limiter.*} arguments
     * @param connections the Redis connection factory, whose client opens the buckets' connection
     * @param timeout the longest a request waits for Redis ({@code spring.data.redis.timeout})
     */
    public RedisGuardedRateLimiter(
            RedisRateLimiter routes, LettuceConnectionFactory connections, Duration timeout, MeterRegistry meters) {
        this.routes = routes;
        var client = (RedisClient) connections.getRequiredNativeClient();
        this.connections = new RedisConnections<>(
                "the rate limiter",
                "rate-limits",
                1,
                timeout,
                // Lettuce opens a connection of the client's own address blocking only (bounded by the connect
                // timeout): on a bounded-elastic thread, never an event loop
                Mono.fromCallable(() -> client.connect(ByteArrayCodec.INSTANCE))
                        .subscribeOn(Schedulers.boundedElastic()),
                meters);
        this.timeout = timeout;
        this.meters = meters;
    }

    @Override
    public Mono<Response> isAllowed(String routeId, String id) {
        // registered with the route's first request, so that a route without refusals shows 0 rather than nothing
        Counter refused = refusals(routeId);
        AsyncProxyManager<byte[]> redis = redisBuckets();
        RedisRateLimiter.Config limits = routes.getConfig().get(routeId);
        if (redis == null || limits == null) {
            return Mono.just(new Response(true, Map.of()));
        }
        AsyncBucketProxy bucket = buckets.get(new BucketKey(routeId, id, limits), key -> bucket(redis, key));
        CompletableFuture<ConsumptionProbe> consumed = bucket.tryConsumeAndReturnRemaining(limits.getRequestedTokens());
        if (consumed.isDone() && !consumed.isCompletedExceptionally()) {
            // answered from the local copy: no hop, no wait
            return Mono.just(answer(consumed.join(), limits, refused));
        }
        // the bucket went to Redis: Lettuce answers on its connection's one I/O thread; without the hop the rest of
        // every such request (routing, the call to the service) would run on that single thread. The hop goes back to
        // the event loop that reads the request (its connection's), so that the call and the answer stay on it
        return Mono.fromFuture(consumed, true)
                .timeout(timeout)
                .map(probe -> answer(probe, limits, refused))
                .onErrorResume(unanswered -> {
                    log.debug("Rate limit of {} not checked, the request passes", routeId, unanswered);
                    return Mono.just(new Response(true, Map.of()));
                })
                .publishOn(currentEventLoop());
    }

    /** The buckets in Redis over the open connection; null while there is none. */
    private @Nullable AsyncProxyManager<byte[]> redisBuckets() {
        var connection = connections.next();
        if (connection == null) {
            return null;
        }
        var current = redisBuckets;
        if (current == null || current.connection() != connection) {
            // the first connection, or a replacement: the local copies of the buckets went with the one before
            current = new RedisBuckets(
                    connection,
                    Bucket4jLettuce.casBasedBuilder(connection)
                            .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                                    KEEP_FULL_BUCKETS))
                            .build()
                            .asAsync());
            redisBuckets = current;
            buckets.invalidateAll();
        }
        return current.manager();
    }

    private AsyncBucketProxy bucket(AsyncProxyManager<byte[]> redis, BucketKey key) {
        RedisRateLimiter.Config limits = key.limits();
        var configuration = BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(limits.getBurstCapacity())
                        .refillGreedy(limits.getReplenishRate(), Duration.ofSeconds(1)))
                .build();
        return redis.builder()
                .withOptimization(Optimizations.delaying(new DelayParameters(unsynchronizedTokens(limits), SYNC_EVERY)))
                .build(key.redisKey(), () -> CompletableFuture.completedFuture(configuration));
    }

    /** How many tokens a replica may take from a bucket before it writes them to Redis: a tenth of the burst. */
    static long unsynchronizedTokens(RedisRateLimiter.Config limits) {
        return limits.getBurstCapacity() / 10;
    }

    private static Response answer(ConsumptionProbe probe, RedisRateLimiter.Config limits, Counter refused) {
        if (!probe.isConsumed()) {
            refused.increment();
        }
        return new Response(
                probe.isConsumed(),
                Map.of(
                        RedisRateLimiter.REMAINING_HEADER, Long.toString(probe.getRemainingTokens()),
                        RedisRateLimiter.REPLENISH_RATE_HEADER, Integer.toString(limits.getReplenishRate()),
                        RedisRateLimiter.BURST_CAPACITY_HEADER, Long.toString(limits.getBurstCapacity()),
                        RedisRateLimiter.REQUESTED_TOKENS_HEADER, Integer.toString(limits.getRequestedTokens())));
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
        return connections.connected();
    }

    @Override
    public Map<String, RedisRateLimiter.Config> getConfig() {
        return routes.getConfig();
    }

    @Override
    public Class<RedisRateLimiter.Config> getConfigClass() {
        return routes.getConfigClass();
    }

    @Override
    public RedisRateLimiter.Config newConfig() {
        return routes.newConfig();
    }

    @Override
    public void start() {
        connections.start();
    }

    @Override
    public void stop() {
        connections.stop();
        redisBuckets = null;
        buckets.invalidateAll();
    }

    @Override
    public boolean isRunning() {
        return connections.isRunning();
    }

    /** After the Redis connection factory (phase 0), before the web server takes requests. */
    @Override
    public int getPhase() {
        return 1;
    }

    /** The buckets in Redis, over one connection. */
    private record RedisBuckets(
            StatefulRedisConnection<byte[], byte[]> connection, AsyncProxyManager<byte[]> manager) {}

    /** A client's bucket on a route; other limits (a route changed at runtime) make another bucket. */
    private record BucketKey(String routeId, String id, RedisRateLimiter.Config limits) {

        byte[] redisKey() {
            return ("shop:rate-limit:" + routeId + ":" + id).getBytes(StandardCharsets.UTF_8);
        }
    }
}
