package dev.shop.common.problem;

import org.springframework.core.Ordered;
import org.springframework.http.server.PathContainer;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Refuses a request whose query parameters (names or decoded values) or decoded path segments hold a control
 * character, before the token check and before any handler (so before any query): 400 {@code validation} naming the
 * parameter, or {@code path}. JSON bodies are checked field by field as they are read ({@link PrintableStrings}).
 */
final class ControlCharacterFilter implements WebFilter, Ordered {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        var request = exchange.getRequest();
        for (var parameter : request.getQueryParams().entrySet()) {
            String name = parameter.getKey();
            if (ControlCharacters.in(name)) {
                return Mono.error(new ControlCharactersRefused("query"));
            }
            for (String value : parameter.getValue()) {
                if (value != null && ControlCharacters.in(value)) {
                    return Mono.error(new ControlCharactersRefused(name));
                }
            }
        }
        for (var element : request.getPath().pathWithinApplication().elements()) {
            if (element instanceof PathContainer.PathSegment segment && ControlCharacters.in(segment.valueToMatch())) {
                return Mono.error(new ControlCharactersRefused("path"));
            }
        }
        return chain.filter(exchange);
    }

    @Override
    public int getOrder() {
        return RequestBodyLimitFilter.ORDER + 1;
    }
}
