package dev.shop.common.security;

import dev.shop.common.problem.ProblemWriter;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Answers an authenticated request that lacks a role with a 403 {@code forbidden} problem. */
public final class ProblemAccessDeniedHandler implements ServerAccessDeniedHandler {

    private final ProblemWriter writer;

    public ProblemAccessDeniedHandler(ProblemWriter writer) {
        this.writer = writer;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException denied) {
        return writer.write(exchange, denied);
    }
}
