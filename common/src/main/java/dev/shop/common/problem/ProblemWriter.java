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
import reactor.core.scheduler.Schedulers;

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
                .flatMap(response -> response.writeTo(exchange, context))
                // A problem is usually known at once (a bad parameter, no token), so without this hop its whole
                // answer would complete within the call that dispatched the request. On a keep-alive connection
                // whose next request Reactor Netty (1.3.6) had buffered, an answer completed that way can leave the
                // connection unread: the client's following request then hangs until its timeout. Answered from
                // another thread, the dispatch returns first and the connection is read on as usual.
                .subscribeOn(Schedulers.parallel());
    }

    /**
     * An error often answers before the request body was read (a bad path variable, a missing token, a body over the
     * limit). Rather than reading and discarding the rest of a body it refused, the server closes the connection after
     * such an answer: the client opens a fresh one for its next request.
     */
    private static boolean carriesABody(HttpHeaders request) {
        return request.getContentLength() > 0 || request.containsHeader(HttpHeaders.TRANSFER_ENCODING);
    }
}
