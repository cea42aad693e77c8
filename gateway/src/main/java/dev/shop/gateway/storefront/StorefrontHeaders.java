package dev.shop.gateway.storefront;

import java.net.URI;
import java.util.List;
import java.util.stream.Stream;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Mono;

/**
 * The Content-Security-Policy of the storefront's answers: scripts, styles and everything else from the gateway's
 * origin only (no inline script, no {@code eval}), API calls to it and to Keycloak, Keycloak in a frame for the silent
 * sign-in check. Only {@code silent-check-sso.html}, which that frame ends on, may be framed, and only by the
 * storefront; every other page by nobody. The API's answers and Swagger UI keep the edge's headers.
 */
@Component
class StorefrontHeaders implements WebFilter, Ordered {

    private static final String SILENT_CHECK = "/silent-check-sso.html";

    private final String policy;
    private final String framedPolicy;
    private final List<PathPattern> storefront;

    StorefrontHeaders(
            StorefrontProperties properties,
            @Value("${spring.security.oauth2.resourceserver.jwt.issuer-uri}") URI issuer) {
        String keycloak = properties.keycloak(issuer).origin();
        String common = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                + "font-src 'self'; connect-src 'self' " + keycloak + "; frame-src 'self' " + keycloak + "; "
                + "form-action 'self' " + keycloak + "; base-uri 'none'; object-src 'none'; ";
        this.policy = common + "frame-ancestors 'none'";
        this.framedPolicy = common + "frame-ancestors 'self'";
        var parser = PathPatternParser.defaultInstance;
        this.storefront = Stream.concat(Storefront.PATHS.stream(), Storefront.PAGES.stream())
                .map(parser::parse)
                .toList();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        PathContainer path = exchange.getRequest().getPath().pathWithinApplication();
        if (storefront.stream().noneMatch(pattern -> pattern.matches(path))) {
            return chain.filter(exchange);
        }
        boolean framed = path.value().equals(SILENT_CHECK);
        ServerHttpResponse response = exchange.getResponse();
        response.beforeCommit(() -> {
            HttpHeaders headers = response.getHeaders();
            headers.set("Content-Security-Policy", framed ? framedPolicy : policy);
            headers.set("X-Frame-Options", framed ? "SAMEORIGIN" : "DENY");
            return Mono.empty();
        });
        return chain.filter(exchange);
    }

    /** Right after the edge's filter, so that its headers are set before these replace the frame options. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 1;
    }
}
