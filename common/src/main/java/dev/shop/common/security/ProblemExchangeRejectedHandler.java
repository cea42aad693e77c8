package dev.shop.common.security;

import dev.shop.common.problem.ProblemType;
import dev.shop.common.problem.ProblemWriter;
import dev.shop.common.problem.ShopException;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Answers a request that Spring Security's firewall refuses (an encoded slash, period or percent sign in the path, a
 * control character in a header, a method such as TRACE) with a 400 {@code malformed-request} problem instead of
 * its default empty 400. The detail is fixed: the refused input is not echoed back.
 */
public final class ProblemExchangeRejectedHandler implements ServerExchangeRejectedHandler {

    private final ProblemWriter writer;

    public ProblemExchangeRejectedHandler(ProblemWriter writer) {
        this.writer = writer;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, ServerExchangeRejectedException ex) {
        return writer.write(exchange, new RequestRejected());
    }

    static final class RequestRejected extends ShopException {

        RequestRejected() {
            super(
                    ProblemType.MALFORMED_REQUEST,
                    "The request was refused: its method is not one the API serves (such as TRACE), or its path or"
                            + " a header holds characters that are not allowed there (such as an encoded slash, period"
                            + " or percent sign, or a control character).");
        }
    }
}
