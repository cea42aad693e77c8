package dev.shop.catalog.cache;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the cache's Redis is: the usual {@code spring.data.redis.*} keys, read here because the service talks to
 * Lettuce directly rather than through Spring Data Redis (see {@link CacheClient}).
 *
 * @param timeout how long one command may take before it fails (the read then goes to PostgreSQL)
 */
@ConfigurationProperties("spring.data.redis")
public record RedisEndpoint(
        @DefaultValue("localhost") String host,
        @DefaultValue("6379") int port,
        @Nullable String username,
        @Nullable String password,
        @DefaultValue("0") int database,
        @DefaultValue("500ms") Duration timeout,
        @DefaultValue("2s") Duration connectTimeout) {}
