package dev.shop.catalog.product;

import dev.shop.catalog.CatalogProperties;
import dev.shop.catalog.cache.CacheClient;
import dev.shop.common.tracing.InTrace;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The Redis cache of products by id. Entries carry their version, and every write goes through one script that
 * stores a value only if it is newer than what is there: the refresh after a commit replaces the entry, and a reader
 * that loaded the row before that commit cannot put its older value back afterwards (it is refused, not merely
 * bounded by the TTL). The TTL bounds the one remaining case, a refresh that failed because Redis was away.
 *
 * <p>Redis is an optimisation: when it fails or is slow, reads go to PostgreSQL and writes still succeed.
 */
@Component
public class ProductCache {

    static final String KEY_PREFIX = "catalog:product:";
    private static final Logger log = LoggerFactory.getLogger(ProductCache.class);
    private static final long WARN_INTERVAL_NANOS = 10_000_000_000L;

    // KEYS[1] the entry; ARGV[1] the new version, ARGV[2] the encoded entry, ARGV[3] the TTL in milliseconds
    private static final String PUT_IF_NEWER = """
            local current = redis.call('GET', KEYS[1])
            if current then
              local separator = string.find(current, '|', 1, true)
              if separator then
                local version = tonumber(string.sub(current, 1, separator - 1))
                if version and version >= tonumber(ARGV[1]) then
                  return 0
                end
              end
            end
            redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
            return 1
            """;

    private final CacheClient redis;
    private final CatalogProperties.Cache properties;
    private final byte[] ttlMillis;
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_INTERVAL_NANOS);

    ProductCache(CacheClient redis, CatalogProperties properties) {
        this.redis = redis;
        this.properties = properties.cache();
        this.ttlMillis = Long.toString(this.properties.ttl().toMillis()).getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The cached entry; empty when there is none, the cache is off, or Redis does not answer within its command
     * timeout ({@code spring.data.redis.timeout}, enforced by Lettuce's timer wheel: a Reactor {@code timeout()} per
     * read kept every request's objects alive in the scheduler's queue and pushed them into the old generation).
     */
    public Mono<CachedProduct> get(UUID id) {
        if (!properties.enabled()) {
            return Mono.empty();
        }
        return redis.get(key(id)).mapNotNull(CachedProduct::decode).onErrorResume(ex -> failed("read", id, ex));
    }

    /** Stores {@code entry} unless the cache already has this version or a newer one. Never fails. */
    public Mono<Void> putIfNewer(UUID id, CachedProduct entry) {
        if (!properties.enabled()) {
            return Mono.empty();
        }
        byte[] version = Long.toString(entry.version()).getBytes(StandardCharsets.US_ASCII);
        return redis.eval(PUT_IF_NEWER, key(id), version, entry.encode(), ttlMillis)
                .then()
                .onErrorResume(ex -> failed("write", id, ex));
    }

    static String key(UUID id) {
        return KEY_PREFIX + id;
    }

    private <T> Mono<T> failed(String operation, UUID id, Throwable ex) {
        return InTrace.run(() -> {
            long now = System.nanoTime();
            long last = lastWarning.get();
            // a Redis outage fails every request: say so once in a while, not once per request
            if (now - last >= WARN_INTERVAL_NANOS && lastWarning.compareAndSet(last, now)) {
                log.warn("Product cache {} failed for {}; serving from PostgreSQL: {}", operation, id, ex.toString());
            } else {
                log.debug("Product cache {} failed for {}", operation, id, ex);
            }
        });
    }
}
