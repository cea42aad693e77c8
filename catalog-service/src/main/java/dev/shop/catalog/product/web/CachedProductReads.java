package dev.shop.catalog.product.web;

import dev.shop.catalog.product.CachedProduct;
import dev.shop.catalog.product.ProductCache;
import dev.shop.catalog.product.VersionPrecondition;
import java.util.Objects;
import java.util.UUID;
import org.springframework.core.Ordered;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Mono;

/**
 * The hot path of the catalog: an anonymous {@code GET /api/catalog/products/{id}} whose product is in the cache is
 * answered here, before the security filter chain, handler mapping and argument resolution, which together cost more
 * CPU than everything else of such a request (measured: about a third for the security chain alone). The answer is
 * the one {@link ProductController#product} gives: same body, {@code ETag}, {@code Cache-Control}, 304 for a matching
 * {@code If-None-Match}, and the headers Spring Security would add. Anything else — a miss, a hidden product, a request
 * with credentials (an invalid token must still get its 401) — goes down the normal chain.
 */
@Component
class CachedProductReads implements WebFilter, Ordered {

    // after common's request body limit (HIGHEST_PRECEDENCE + 100), before Spring Security's chain (-100)
    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 150;

    private static final String PREFIX = ProductController.PATH + "/";
    private static final int UUID_LENGTH = 36;
    // metrics tag the request with this pattern, as they do when the controller answers
    private static final PathPattern PATTERN = PathPatternParser.defaultInstance.parse(PREFIX + "{id}");

    private final ProductCache cache;

    CachedProductReads(ProductCache cache) {
        this.cache = cache;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        var request = exchange.getRequest();
        String path = request.getPath().value();
        if (request.getMethod() != HttpMethod.GET
                || path.length() != PREFIX.length() + UUID_LENGTH
                || !path.startsWith(PREFIX)
                || request.getHeaders().containsHeader(HttpHeaders.AUTHORIZATION)) {
            return chain.filter(exchange);
        }
        UUID id;
        try {
            id = UUID.fromString(path.substring(PREFIX.length()));
        } catch (IllegalArgumentException notAnId) {
            return chain.filter(exchange);
        }
        return cache.get(id)
                .filter(CachedProduct::visible)
                .map(entry -> write(exchange, entry))
                .switchIfEmpty(Mono.defer(() -> chain.filter(exchange)).then(Mono.empty()))
                .flatMap(written -> written);
    }

    private static Mono<Void> write(ServerWebExchange exchange, CachedProduct entry) {
        exchange.getAttributes().put(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, PATTERN);
        ServerHttpResponse response = exchange.getResponse();
        HttpHeaders headers = response.getHeaders();
        headers.setCacheControl(CacheControl.noCache());
        securityHeaders(headers);
        if (exchange.checkNotModified(VersionPrecondition.etag(entry.version()))) {
            return response.setComplete();
        }
        response.setStatusCode(HttpStatus.OK);
        headers.setContentType(MediaType.APPLICATION_JSON);
        byte[] json = Objects.requireNonNull(entry.json());
        headers.setContentLength(json.length);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(json)));
    }

    /** What Spring Security's default header writers add to every response of the chain. */
    private static void securityHeaders(HttpHeaders headers) {
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("X-Frame-Options", "DENY");
        headers.set("X-XSS-Protection", "0");
        headers.set("Referrer-Policy", "no-referrer");
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
