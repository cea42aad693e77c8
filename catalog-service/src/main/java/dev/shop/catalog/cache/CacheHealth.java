package dev.shop.catalog.cache;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health entry {@code cache}: always UP, with whether Redis is connected. The service answers without Redis (from
 * PostgreSQL), so a Redis outage must not take it out of a load balancer; the readiness group leaves this out.
 */
@Component("cache")
class CacheHealth implements HealthIndicator {

    private final CacheClient cache;

    CacheHealth(CacheClient cache) {
        this.cache = cache;
    }

    @Override
    public Health health() {
        return Health.up().withDetail("redisConnected", cache.connected()).build();
    }
}
