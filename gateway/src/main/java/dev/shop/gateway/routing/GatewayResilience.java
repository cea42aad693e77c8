package dev.shop.gateway.routing;

import dev.shop.gateway.GatewayProperties;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The registries behind the routes' {@code CircuitBreaker} filters, one breaker per route (named after it), configured
 * here rather than by resilience4j's Spring Boot module (whose Boot 3 flavour, pulled by Spring Cloud, refuses to start
 * on Boot 4). A breaker counts only calls the service did not answer (refused connection, route timeout): a 4xx or a
 * 5xx is an answer, and a client's oversized body is not the service's fault. No time limiter (switched off in
 * {@code application.yml}): the route's {@code response-timeout} bounds a call. No retries: a request that may have
 * reached the service is not sent twice, and an idempotent one is left for the client to retry.
 */
@Configuration(proxyBeanMethods = false)
class GatewayResilience {

    @Bean
    CircuitBreakerRegistry circuitBreakerRegistry(GatewayProperties properties) {
        GatewayProperties.CircuitBreaker settings = properties.circuitBreaker();
        return CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.slidingWindowSize())
                .minimumNumberOfCalls(settings.minimumNumberOfCalls())
                .failureRateThreshold(settings.failureRateThreshold())
                .waitDurationInOpenState(settings.waitInOpenState())
                .permittedNumberOfCallsInHalfOpenState(settings.permittedCallsInHalfOpenState())
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .recordException(UpstreamFailures::isFailureOfTheService)
                .build());
    }

    @Bean
    TimeLimiterRegistry timeLimiterRegistry() {
        return TimeLimiterRegistry.ofDefaults();
    }
}
