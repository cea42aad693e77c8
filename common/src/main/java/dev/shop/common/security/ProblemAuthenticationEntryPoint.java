package dev.shop.common.security;

import dev.shop.common.problem.ProblemWriter;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Answers a missing or rejected token with a 401 {@code unauthorized} problem and {@code WWW-Authenticate: Bearer}. */
public final class ProblemAuthenticationEntryPoint implements ServerAuthenticationEntryPoint {

    private final ProblemWriter writer;

    public ProblemAuthenticationEntryPoint(ProblemWriter writer) {
        this.writer = writer;
    }

    @Override
    public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException ex) {
        return writer.write(exchange, ex);
    }
}
