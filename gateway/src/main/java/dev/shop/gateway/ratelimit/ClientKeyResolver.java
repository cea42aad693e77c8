package dev.shop.gateway.ratelimit;

import org.springframework.cloud.gateway.filter.ratelimit.KeyResolver;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Whose bucket a request takes from: {@code user:<sub>} for a request with a valid token (the edge check has run by
 * now), else {@code ip:<client address>}. Never empty: the gateway's rate-limit filter refuses an empty key with 403.
 */
public final class ClientKeyResolver implements KeyResolver {

    private final ClientAddresses addresses;

    public ClientKeyResolver(ClientAddresses addresses) {
        this.addresses = addresses;
    }

    @Override
    public Mono<String> resolve(ServerWebExchange exchange) {
        return exchange.getPrincipal()
                .filter(JwtAuthenticationToken.class::isInstance)
                .map(principal -> "user:" + principal.getName())
                .switchIfEmpty(Mono.fromSupplier(() -> "ip:" + addresses.clientAddress(exchange.getRequest())));
    }
}
