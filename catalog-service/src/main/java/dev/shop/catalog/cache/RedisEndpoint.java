package dev.shop.catalog.cache;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the cache's Redis is: the usual {@code spring.data.redis.*} keys, read here because the service talks to
 * Lettuce directly rather than through Spring Data Redis (see {@link CacheClient}).
 *
 * @param timeout how long a connection's ping may take before it is replaced (its reads then go to PostgreSQL)
 * @param ssl TLS to Redis: {@code enabled}, and the SSL bundle ({@code spring.ssl.bundle.*}) whose trust material
 *     checks Redis' certificate (the JVM's trust store without one)
 */
@ConfigurationProperties("spring.data.redis")
public record RedisEndpoint(
        @DefaultValue("localhost") String host,
        @DefaultValue("6379") int port,
        @Nullable String username,
        @Nullable String password,
        @DefaultValue("0") int database,
        @DefaultValue("500ms") Duration timeout,
        @DefaultValue("2s") Duration connectTimeout,
        @DefaultValue Ssl ssl) {

    /** {@code spring.data.redis.ssl.*}: on when asked, or when a bundle is named (as Spring Boot reads them). */
    public record Ssl(@Nullable Boolean enabled, @Nullable String bundle) {

        public boolean on() {
            return enabled != null ? enabled : bundle != null;
        }
    }
}
