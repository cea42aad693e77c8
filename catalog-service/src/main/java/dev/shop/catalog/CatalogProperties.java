package dev.shop.catalog;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of catalog-service ({@code catalog.*}).
 *
 * @param cache the Redis read cache of products and categories
 */
@ConfigurationProperties("catalog")
public record CatalogProperties(@DefaultValue Cache cache) {

    /**
     * @param enabled whether reads go through Redis at all (off: every read hits PostgreSQL, e.g. for a benchmark)
     * @param ttl how long an entry lives; bounds how long a value whose refresh failed (Redis away) can be served
     */
    public record Cache(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("30s") Duration ttl) {}
}
