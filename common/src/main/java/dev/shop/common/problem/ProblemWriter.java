package dev.shop.common.problem;

import java.net.URI;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.web.ErrorResponse;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.result.view.ViewResolver;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Writes RFC 9457 problems as {@code application/problem+json}, adding {@code instance} (the request path) and
 * {@code traceId}. Shared by the web exception handler and the security entry points, so that every error of a
 * service has the same shape.
 */
public final class ProblemWriter {

    /** The extension member carrying the trace id. */
    public static final String TRACE_ID = "traceId";

    private final ExceptionProblems problems = new ExceptionProblems();
    private final ServerResponse.Context context;

    public ProblemWriter(ServerCodecConfigurer codecs) {
        List<HttpMessageWriter<?>> writers = codecs.getWriters();
        this.context = new ServerResponse.Context() {
            @Override
            public List<HttpMessageWriter<?>> messageWriters() {
                return writers;
            }

            @Override
            public List<ViewResolver> viewResolvers() {
                return List.of();
            }
        };
    }

    /** Answers with the problem for {@code ex} (mapping: see {@link ProblemExceptionHandler}); logs server errors. */
    public Mono<Void> write(ServerWebExchange exchange, Throwable ex) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(ex);
        }
        return write(exchange, problems.toProblem(ex, exchange));
    }

    /** Answers with {@code error} as it is, plus {@code instance} and {@code traceId}. */
    public Mono<Void> write(ServerWebExchange exchange, ErrorResponse error) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.empty();
        }
        ProblemDetail body = error.getBody();
        if (body.getInstance() == null) {
            body.setInstance(URI.create(exchange.getRequest().getURI().getRawPath()));
        }
        body.setProperty(TRACE_ID, TraceIds.of(exchange));
        boolean closeAfter = carriesABody(exchange.getRequest().getHeaders());
        return ServerResponse.status(error.getStatusCode())
                .headers(headers -> {
                    headers.addAll(error.getHeaders());
                    if (closeAfter) {
                        headers.set(HttpHeaders.CONNECTION, "close");
                    }
                })
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyValue(body)
                .flatMap(response -> response.writeTo(exchange, context));
    }

    /**
     * An error often answers before the request body was read (a bad path variable, a missing token, a body over the
     * limit). The server then has to drain the rest of it while the client may already send its next request on the
     * same connection, a race in which Reactor Netty can stop reading that connection (the next request hangs). Such
     * answers close the connection instead: the client opens a fresh one for its next request.
     */
    private static boolean carriesABody(HttpHeaders request) {
        return request.getContentLength() > 0 || request.containsHeader(HttpHeaders.TRANSFER_ENCODING);
    }
}
