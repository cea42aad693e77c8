package dev.shop.payment.stripe;

import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelOption;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.json.JsonMapper;

/**
 * The provider client and its guards, all named {@code stripe} after the system they guard, so their metrics read
 * {@code resilience4j_circuitbreaker_state{name="stripe"}} and so on.
 */
@Configuration(proxyBeanMethods = false)
class StripeConfiguration {

    static final String NAME = "stripe";

    @Bean(destroyMethod = "dispose")
    ConnectionProvider stripeConnections(StripeProperties properties) {
        return ConnectionProvider.builder(NAME)
                .maxConnections(properties.maxConnections())
                // the bulkhead already limits requests to the pool's size: nobody queues for a connection
                .pendingAcquireMaxCount(properties.maxConnections())
                .maxIdleTime(Duration.ofSeconds(30))
                .evictInBackground(Duration.ofSeconds(30))
                .build();
    }

    @Bean
    StripeClient stripeClient(
            StripeProperties properties,
            ConnectionProvider stripeConnections,
            WebClient.Builder builder,
            JsonMapper json,
            CircuitBreakerRegistry breakers,
            RetryRegistry retries,
            BulkheadRegistry bulkheads,
            TimeLimiterRegistry timeLimiters,
            MeterRegistry meters) {
        var http = HttpClient.create(stripeConnections).option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)
                properties.connectTimeout().toMillis());
        var web = builder.clone()
                .baseUrl(properties.apiBase().toString())
                .clientConnector(new ReactorClientHttpConnector(http))
                .defaultHeaders(headers -> {
                    headers.setBearerAuth(properties.secretKey());
                    headers.set("Stripe-Version", properties.apiVersion());
                })
                .build();

        var breakerProperties = properties.circuitBreaker();
        var breaker = breakers.circuitBreaker(
                NAME,
                CircuitBreakerConfig.custom()
                        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.TIME_BASED)
                        // the default window takes a lock per recorded call, which parks an event loop under
                        // contention (BlockHound caught it in the benchmark); the lock-free one does not
                        .slidingWindowSynchronizationStrategy(
                                CircuitBreakerConfig.SlidingWindowSynchronizationStrategy.LOCK_FREE)
                        .slidingWindowSize(
                                (int) Math.max(1, breakerProperties.window().toSeconds()))
                        .minimumNumberOfCalls(breakerProperties.minimumCalls())
                        .failureRateThreshold(breakerProperties.failureRateThreshold())
                        .slowCallDurationThreshold(breakerProperties.slowCallDuration())
                        .slowCallRateThreshold(breakerProperties.slowCallRateThreshold())
                        .waitDurationInOpenState(breakerProperties.waitInOpenState())
                        .permittedNumberOfCallsInHalfOpenState(breakerProperties.halfOpenCalls())
                        // no timer thread: the first call after waitInOpenState (the sweeper makes them) moves it to
                        // half-open
                        .automaticTransitionFromOpenToHalfOpenEnabled(false)
                        .recordExceptions(ProviderUnavailable.class)
                        // a 4xx is an answer about the request, not a sign of a sick provider
                        .ignoreExceptions(ProviderRejected.class)
                        .build());

        var retryProperties = properties.retry();
        var retry = retries.retry(
                NAME,
                RetryConfig.custom()
                        .maxAttempts(retryProperties.maxAttempts())
                        .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(
                                retryProperties.initialBackoff(),
                                retryProperties.multiplier(),
                                retryProperties.jitter(),
                                retryProperties.maxBackoff()))
                        // connection errors, timeouts, 429 and 5xx only; never an open breaker or a full bulkhead
                        .retryOnException(
                                e -> e instanceof ProviderUnavailable unavailable && unavailable.isTransient())
                        .failAfterMaxAttempts(false)
                        .build());
        var retried = Counter.builder("shop.payment.provider.retries")
                .description("Requests to the payment provider sent again after a transient failure")
                .register(meters);
        retry.getEventPublisher().onRetry(event -> retried.increment());

        var bulkhead = bulkheads.bulkhead(
                NAME,
                BulkheadConfig.custom()
                        .maxConcurrentCalls(properties.maxConnections())
                        // never wait for a permit: waiting would block, and a busy provider is no reason to queue
                        .maxWaitDuration(Duration.ZERO)
                        .build());

        var timeLimiter = timeLimiters.timeLimiter(
                NAME,
                TimeLimiterConfig.custom()
                        .timeoutDuration(properties.timeout())
                        .cancelRunningFuture(true)
                        .build());

        // Jackson builds its tree deserializer on first use under a lock; concurrent first answers parked event loops
        // on it (BlockHound, in the benchmark). Built here, at startup, it is cached before the first answer.
        json.readTree("{\"warm\":[1,\"up\",null,{}]}");
        return new StripeClient(web, json, timeLimiter, breaker, bulkhead, retry, meters);
    }
}
