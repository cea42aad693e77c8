package dev.shop.gateway.edge;

import dev.shop.common.problem.ProblemType;
import dev.shop.common.problem.ProblemWriter;
import dev.shop.common.problem.ShopException;
import dev.shop.gateway.GatewayProperties;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsProcessor;
import org.springframework.web.cors.reactive.CorsUtils;
import org.springframework.web.cors.reactive.DefaultCorsProcessor;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * CORS for the configured frontend origins, answered at the edge before the token check: a preflight carries no token,
 * and a 401, 429 or 503 must be readable by the browser app too, so every answer under {@code /api} gets the CORS
 * headers. The services do not do CORS themselves. A cross-origin request from an origin, or with a method or header,
 * that is not allowed gets the 403 {@code forbidden} problem (Spring's CORS filter answers it with an empty 403).
 */
@Configuration(proxyBeanMethods = false)
class EdgeCors {

    static final List<String> ALLOWED_HEADERS = List.of(
            HttpHeaders.AUTHORIZATION,
            HttpHeaders.CONTENT_TYPE,
            HttpHeaders.ACCEPT,
            "Idempotency-Key",
            HttpHeaders.IF_MATCH,
            HttpHeaders.IF_NONE_MATCH,
            RequestIds.HEADER);

    static final List<String> EXPOSED_HEADERS = List.of(
            HttpHeaders.LOCATION,
            HttpHeaders.ETAG,
            HttpHeaders.RETRY_AFTER,
            RequestIds.HEADER,
            "X-RateLimit-Remaining",
            "X-RateLimit-Replenish-Rate",
            "X-RateLimit-Burst-Capacity",
            "X-RateLimit-Requested-Tokens");

    @Bean
    EdgeCorsFilter edgeCorsFilter(GatewayProperties properties, ProblemWriter problems) {
        CorsConfiguration cors = new CorsConfiguration();
        cors.setAllowedOrigins(properties.cors().allowedOrigins());
        cors.setAllowedMethods(List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"));
        cors.setAllowedHeaders(ALLOWED_HEADERS);
        cors.setExposedHeaders(EXPOSED_HEADERS);
        // bearer tokens, no cookies: credentials mode is not needed
        cors.setAllowCredentials(false);
        cors.setMaxAge(properties.cors().maxAge());
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/api/**", cors);
        return new EdgeCorsFilter(source, problems);
    }

    /**
     * What Spring's {@code CorsWebFilter} does, with a problem body on a refusal. After the request id (so that every
     * answer here carries one), before Spring Security (-100).
     */
    static final class EdgeCorsFilter implements WebFilter, Ordered {

        private final UrlBasedCorsConfigurationSource source;
        private final CorsProcessor processor = new DefaultCorsProcessor();
        private final ProblemWriter problems;

        EdgeCorsFilter(UrlBasedCorsConfigurationSource source, ProblemWriter problems) {
            this.source = source;
            this.problems = problems;
        }

        @Override
        public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
            if (!processor.process(source.getCorsConfiguration(exchange), exchange)) {
                return problems.write(exchange, new CrossOriginRefused());
            }
            // an allowed preflight is answered here, with the headers the processor added
            return CorsUtils.isPreFlightRequest(exchange.getRequest()) ? Mono.empty() : chain.filter(exchange);
        }

        @Override
        public int getOrder() {
            return EdgeHeadersFilter.ORDER + 10;
        }
    }

    static final class CrossOriginRefused extends ShopException {

        CrossOriginRefused() {
            super(
                    ProblemType.FORBIDDEN,
                    "Cross-origin request refused: its origin, method or headers are not among those this API allows.");
        }
    }
}
