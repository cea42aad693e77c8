package dev.shop.common.problem;

import org.springframework.core.Ordered;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Refuses a request whose {@code Content-Length} exceeds the limit ({@code shop.http.max-upload-body} for a multipart
 * body, {@code max-request-body} for any other) before anything reads it. Bodies without a length
 * (chunked) are bounded by the codecs' in-memory limit instead.
 */
public final class RequestBodyLimitFilter implements WebFilter, Ordered {

    // before Spring Security's filter chain (-100): no token check for a body we refuse anyway
    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

    private final HttpProperties limits;

    public RequestBodyLimitFilter(HttpProperties limits) {
        this.limits = limits;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        var headers = exchange.getRequest().getHeaders();
        DataSize limit = limits.limitFor(headers);
        if (headers.getContentLength() > limit.toBytes()) {
            return Mono.error(new RequestBodyTooLarge(limit));
        }
        return chain.filter(exchange);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
