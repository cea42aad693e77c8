package dev.shop.gateway.edge;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The first filter of every request. It fixes the request's {@code X-Request-Id} (the client's when sane, else a new
 * one), forwards it to the service and returns it on the answer, whoever wrote the answer: the service, a 401, a 429,
 * a 503 or a preflight. It also adds the security headers an answer lacks.
 *
 * <p>Headers are added just before the answer is committed and only when absent, so that a service's own choice (its
 * {@code Cache-Control}, its {@code X-Frame-Options}) stands and no header appears twice. Spring Security, whose
 * header writer runs after this one, then finds them present and adds nothing. HSTS is left to Spring Security, which
 * sends it only on requests that came over HTTPS: behind a TLS-terminating proxy the proxy owns it.
 */
@Component
public class EdgeHeadersFilter implements WebFilter, Ordered {

    static final int ORDER = Ordered.HIGHEST_PRECEDENCE;

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String requestId =
                RequestIds.acceptOrGenerate(exchange.getRequest().getHeaders().getFirst(RequestIds.HEADER));
        exchange.getAttributes().put(RequestIds.ATTRIBUTE, requestId);
        ServerWebExchange forwarded = exchange.mutate()
                .request(request -> request.headers(headers -> headers.set(RequestIds.HEADER, requestId)))
                .build();
        ServerHttpResponse response = exchange.getResponse();
        boolean api = exchange.getRequest().getPath().value().startsWith("/api/");
        response.beforeCommit(() -> {
            HttpHeaders headers = response.getHeaders();
            headers.set(RequestIds.HEADER, requestId);
            setIfAbsent(headers, "X-Content-Type-Options", "nosniff");
            setIfAbsent(headers, "X-Frame-Options", "DENY");
            setIfAbsent(headers, "Referrer-Policy", "no-referrer");
            if (api && !headers.containsHeader(HttpHeaders.CACHE_CONTROL)) {
                // answers about one user's cart or token must not sit in a shared cache
                headers.set(HttpHeaders.CACHE_CONTROL, "no-store");
            }
            return Mono.empty();
        });
        return chain.filter(forwarded);
    }

    private static void setIfAbsent(HttpHeaders headers, String name, String value) {
        if (!headers.containsHeader(name)) {
            headers.set(name, value);
        }
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
