package dev.shop.gateway.edge;

import dev.shop.common.problem.HttpProperties;
import dev.shop.common.problem.RequestBodyTooLarge;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The body limit for bodies without {@code Content-Length} (chunked). common's filter refuses a declared length over
 * {@code shop.http.max-request-body} up front; the gateway streams bodies to the services instead of decoding them,
 * so codecs never see them, and a chunked body is counted here as it passes: past the limit the call fails with 413
 * {@code payload-too-large} and the service's half-sent request is aborted. The limit is the services' own (same
 * property, same 256 KB default; {@code max-upload-body}, 6 MB, for a multipart upload), so that nothing the gateway
 * lets through is refused for its size behind it.
 */
@Component
public class StreamedBodyLimitFilter implements WebFilter, Ordered {

    private final HttpProperties limits;

    public StreamedBodyLimitFilter(HttpProperties limits) {
        this.limits = limits;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        if (request.getHeaders().getContentLength() >= 0) {
            return chain.filter(exchange); // a declared length is checked by common's RequestBodyLimitFilter
        }
        DataSize limit = limits.limitFor(request.getHeaders());
        long maxBytes = limit.toBytes();
        ServerHttpRequest counted = new ServerHttpRequestDecorator(request) {
            @Override
            public Flux<DataBuffer> getBody() {
                AtomicLong seen = new AtomicLong();
                return super.getBody().map(buffer -> {
                    if (seen.addAndGet(buffer.readableByteCount()) > maxBytes) {
                        DataBufferUtils.release(buffer);
                        throw new RequestBodyTooLarge(limit);
                    }
                    return buffer;
                });
            }
        };
        return chain.filter(exchange.mutate().request(counted).build());
    }

    @Override
    public int getOrder() {
        return EdgeHeadersFilter.ORDER + 20;
    }
}
