package dev.shop.gateway.ratelimit;

import dev.shop.gateway.GatewayProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The default rate limiter and key of every route's {@code RequestRateLimiter} filter. The limits themselves are the
 * filter's {@code redis-rate-limiter.*} arguments in {@code application.yml}, from {@code shop.gateway.rate-limits.*},
 * collected by Spring Cloud Gateway's own {@link RedisRateLimiter} (its auto-configured bean, which checks nothing
 * here: {@link RedisGuardedRateLimiter} keeps the buckets).
 */
@Configuration(proxyBeanMethods = false)
class RateLimiting {

    @Bean
    ClientAddresses clientAddresses(GatewayProperties properties) {
        return new ClientAddresses(properties.trustedProxies(), properties.forwardingHeader());
    }

    @Bean
    @Primary
    ClientKeyResolver clientKeyResolver(ClientAddresses addresses) {
        return new ClientKeyResolver(addresses);
    }

    @Bean
    @Primary
    RedisGuardedRateLimiter redisGuardedRateLimiter(
            RedisRateLimiter routes,
            LettuceConnectionFactory connections,
            @Value("${spring.data.redis.timeout:250ms}") Duration timeout,
            MeterRegistry meters) {
        return new RedisGuardedRateLimiter(routes, connections, timeout, meters);
    }
}
