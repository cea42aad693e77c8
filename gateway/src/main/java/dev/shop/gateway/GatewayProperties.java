package dev.shop.gateway;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the gateway ({@code shop.gateway.*}). The routes themselves, their URIs, timeouts and rate limits live in
 * {@code application.yml} under {@code spring.cloud.gateway.server.webflux.routes}.
 *
 * @param trustedProxies addresses or CIDR ranges (e.g. {@code 10.0.0.0/8}) of proxies in front of the gateway whose
 *     {@code X-Forwarded-For} is believed; empty (the default): the client address is the TCP peer's, whatever the
 *     request claims. Behind an Ingress it must name the Ingress controller's pods, or every client shares one
 *     rate-limit bucket (the chart refuses to render an Ingress without it)
 * @param forwardingHeader the header the trusted proxies append the client's address to: {@code X-Forwarded-For}
 *     (ingress-nginx, most load balancers) or {@code Forwarded} (RFC 7239); only that one is read
 * @param cors the browser origins allowed to call the API
 * @param circuitBreaker the breaker of every route (one breaker per route, all with these settings)
 */
@ConfigurationProperties("shop.gateway")
public record GatewayProperties(
        @DefaultValue List<String> trustedProxies,
        @DefaultValue("X-Forwarded-For") String forwardingHeader,
        @DefaultValue Cors cors,
        @DefaultValue CircuitBreaker circuitBreaker) {

    /**
     * @param allowedOrigins origins of the frontends (scheme, host and port, e.g. {@code http://localhost:5173})
     * @param maxAge how long a browser may cache a preflight answer
     */
    public record Cors(
            @DefaultValue("http://localhost:5173") List<String> allowedOrigins,
            @DefaultValue("30m") Duration maxAge) {}

    /**
     * @param slidingWindowSize how many of a route's latest calls are looked at
     * @param minimumNumberOfCalls how many calls a window needs before the failure rate counts
     * @param failureRateThreshold percentage of failed calls (refused connection, timeout) that opens the breaker
     * @param waitInOpenState how long an open breaker answers 503 at once before it lets trial calls through
     * @param permittedCallsInHalfOpenState trial calls that decide whether the breaker closes again
     */
    public record CircuitBreaker(
            @DefaultValue("20") int slidingWindowSize,
            @DefaultValue("10") int minimumNumberOfCalls,
            @DefaultValue("50") float failureRateThreshold,
            @DefaultValue("10s") Duration waitInOpenState,
            @DefaultValue("3") int permittedCallsInHalfOpenState) {}
}
