package dev.shop.catalog;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of catalog-service ({@code catalog.*}).
 *
 * @param cache the Redis read cache of products and categories
 * @param r2dbc the event loops of the database connections
 */
@ConfigurationProperties("catalog")
public record CatalogProperties(
        @DefaultValue Cache cache, @DefaultValue R2dbc r2dbc) {

    /**
     * @param enabled whether reads go through Redis at all (off: every read hits PostgreSQL, e.g. for a benchmark)
     * @param ttl how long an entry lives; bounds how long a value whose refresh failed (Redis away) can be served
     */
    public record Cache(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("30s") Duration ttl) {}

    /**
     * @param dedicatedEventLoops whether PostgreSQL connections get event loops of their own that do not colocate
     *     (off: Reactor Netty's shared, colocating loops; only to compare, see {@code SpreadingLoopResources})
     * @param eventLoops threads for the PostgreSQL connections (0: one per available processor, at least 2)
     */
    public record R2dbc(
            @DefaultValue("true") boolean dedicatedEventLoops,
            @DefaultValue("0") int eventLoops) {

        public int effectiveEventLoops() {
            return eventLoops > 0
                    ? eventLoops
                    : Math.max(2, Runtime.getRuntime().availableProcessors());
        }
    }
}
