package dev.shop.gateway.edge;

import dev.shop.gateway.GatewayProperties;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsWebFilter;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;

/**
 * CORS for the configured frontend origins, answered at the edge before the token check: a preflight carries no token,
 * and a 401, 429 or 503 must be readable by the browser app too, so every answer under {@code /api} gets the CORS
 * headers. The services do not do CORS themselves.
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
    CorsWebFilter corsWebFilter(GatewayProperties properties) {
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
        return new OrderedCorsWebFilter(source);
    }

    /** After the request id (so that a preflight answer carries one too), before Spring Security (-100). */
    static final class OrderedCorsWebFilter extends CorsWebFilter implements Ordered {

        OrderedCorsWebFilter(UrlBasedCorsConfigurationSource source) {
            super(source);
        }

        @Override
        public int getOrder() {
            return EdgeHeadersFilter.ORDER + 10;
        }
    }
}
