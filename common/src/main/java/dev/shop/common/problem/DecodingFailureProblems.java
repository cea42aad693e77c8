package dev.shop.common.problem;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.http.MediaType;
import reactor.netty.NettyPipeline;

/**
 * Reactor Netty answers a request it cannot parse (a header block over {@code server.max-http-request-header-size}, a
 * request line over the initial line limit, bytes that are not HTTP) itself, before any filter or handler runs, with
 * an empty body. This handler, placed next to its HTTP codec, gives those answers a problem body: same status,
 * {@code type: about:blank} (no contract type fits), a fixed detail. There is no {@code instance} or trace id: the
 * request was never read far enough to have them. Only an empty answer without a content type and with one of these
 * statuses is changed: the application's own errors are problems with a body, and its empty answers (204, 304) have
 * other statuses.
 */
@ChannelHandler.Sharable
final class DecodingFailureProblems extends ChannelOutboundHandlerAdapter {

    static final String NAME = "shop.decodingFailureProblems";

    private static final Map<Integer, byte[]> BODIES = Map.of(
            400,
            body(400, "Bad Request", "The request is not well-formed HTTP."),
            413,
            body(413, "Content Too Large", "The request is larger than this server accepts."),
            414,
            body(414, "URI Too Long", "The request line (method, path and query) is longer than this server accepts."),
            431,
            body(
                    431,
                    "Request Header Fields Too Large",
                    "The request's header fields are larger than this server accepts."));

    private static final DecodingFailureProblems INSTANCE = new DecodingFailureProblems();

    /** Adds the handler to every connection's pipeline. */
    static NettyServerCustomizer customizer() {
        return server -> server.doOnChannelInit((observer, channel, remoteAddress) -> {
            var pipeline = channel.pipeline();
            if (pipeline.get(NettyPipeline.HttpCodec) != null && pipeline.get(NAME) == null) {
                pipeline.addAfter(NettyPipeline.HttpCodec, NAME, INSTANCE);
            }
        });
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof FullHttpResponse response
                && response.content().readableBytes() == 0
                && !response.headers().contains(HttpHeaderNames.CONTENT_TYPE)) {
            byte[] body = BODIES.get(response.status().code());
            if (body != null) {
                response.content().release();
                var problem = response.replace(Unpooled.wrappedBuffer(body));
                problem.headers()
                        .set(HttpHeaderNames.CONTENT_TYPE, MediaType.APPLICATION_PROBLEM_JSON_VALUE)
                        .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
                super.write(ctx, problem, promise);
                return;
            }
        }
        super.write(ctx, msg, promise);
    }

    private static byte[] body(int status, String title, String detail) {
        // fixed texts, nothing from the request: written out rather than through a JSON mapper
        return ("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":\"" + detail
                        + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
