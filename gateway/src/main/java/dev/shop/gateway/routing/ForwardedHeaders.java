package dev.shop.gateway.routing;

import dev.shop.gateway.ratelimit.ClientAddresses;
import java.util.List;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * The {@code X-Forwarded-*} headers a service gets: where the request came from as the gateway saw it. When the
 * gateway's peer is a trusted proxy ({@code shop.gateway.trusted-proxies}), that proxy's headers are kept and the peer
 * is appended to {@code X-Forwarded-For}; otherwise whatever the client sent under those names (and {@code Forwarded})
 * is dropped and replaced, so that a service never takes a client's word for its address. Spring Cloud Gateway's own
 * forwarded-header filters are off (they only run when {@code spring.cloud.gateway.server.webflux.trusted-proxies} is
 * set, and then keep only trusted addresses in {@code X-Forwarded-For}, hiding the client from the services).
 */
@Component
class ForwardedHeaders implements HttpHeadersFilter, Ordered {

    private static final List<String> NAMES =
            List.of("Forwarded", "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host", "X-Forwarded-Port");

    private final ClientAddresses addresses;

    ForwardedHeaders(ClientAddresses addresses) {
        this.addresses = addresses;
    }

    @Override
    public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
        ServerHttpRequest request = exchange.getRequest();
        String peer = ClientAddresses.peerAddress(request.getRemoteAddress());
        boolean fromTrustedProxy = addresses.isTrustedProxy(peer);
        HttpHeaders updated = new HttpHeaders();
        input.forEach((name, values) -> {
            if (NAMES.stream().noneMatch(name::equalsIgnoreCase)) {
                updated.addAll(name, values);
            }
        });
        if (fromTrustedProxy) {
            // from the request as received: the gateway's own header filters have removed them from the input
            NAMES.forEach(name -> {
                List<String> values = request.getHeaders().getOrEmpty(name);
                if (!values.isEmpty()) {
                    updated.addAll(name, values);
                }
            });
        }
        String forwardedFor = String.join(", ", updated.getOrEmpty("X-Forwarded-For"));
        updated.set("X-Forwarded-For", forwardedFor.isBlank() ? peer : forwardedFor + ", " + peer);
        String scheme = request.getURI().getScheme();
        setIfAbsent(updated, "X-Forwarded-Proto", scheme);
        String host = request.getHeaders().getFirst(HttpHeaders.HOST);
        if (host != null) {
            setIfAbsent(updated, "X-Forwarded-Host", host);
        }
        int port = request.getURI().getPort();
        setIfAbsent(updated, "X-Forwarded-Port", String.valueOf(port > 0 ? port : "https".equals(scheme) ? 443 : 80));
        return updated;
    }

    private static void setIfAbsent(HttpHeaders headers, String name, String value) {
        if (!headers.containsHeader(name)) {
            headers.set(name, value);
        }
    }

    @Override
    public boolean supports(Type type) {
        return type == Type.REQUEST;
    }

    /** Last: after Spring Cloud Gateway's own filter that removes every {@code X-Forwarded-*} header. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
