package dev.shop.gateway.ratelimit;

import dev.shop.gateway.GatewayProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.cloud.gateway.support.ConfigurationService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The default rate limiter and key of every route's {@code RequestRateLimiter} filter. The limits themselves are the
 * filter's {@code redis-rate-limiter.*} arguments in {@code application.yml}, from {@code shop.gateway.rate-limits.*}.
 */
@Configuration(proxyBeanMethods = false)
class RateLimiting {

    private static final String SCRIPT = "META-INF/scripts/request_rate_limiter.lua";

    @Bean
    ClientAddresses clientAddresses(GatewayProperties properties) {
        return new ClientAddresses(properties.trustedProxies(), properties.forwardingHeader());
    }

    @Bean
    @Primary
    ClientKeyResolver clientKeyResolver(ClientAddresses addresses) {
        return new ClientKeyResolver(addresses);
    }

    /**
     * Spring Cloud Gateway's own {@link RedisRateLimiter}, but with its Lua script read once, here: the default one
     * reads the script from its jar on the first call (on an event loop) and checks the jar for changes on every call.
     */
    @Bean
    RedisRateLimiter redisRateLimiter(ReactiveStringRedisTemplate redis, ConfigurationService configurationService)
            throws IOException {
        String lua = new ClassPathResource(SCRIPT).getContentAsString(StandardCharsets.UTF_8);
        @SuppressWarnings({"unchecked", "rawtypes"})
        RedisScript<List<Long>> script = (RedisScript) RedisScript.of(lua, List.class);
        script.getSha1(); // computed now rather than by the first request
        return new RedisRateLimiter(redis, script, configurationService);
    }

    @Bean
    @Primary
    RedisGuardedRateLimiter redisGuardedRateLimiter(
            RedisRateLimiter redis, LettuceConnectionFactory connections, MeterRegistry meters) {
        return new RedisGuardedRateLimiter(redis, connections, meters);
    }
}
