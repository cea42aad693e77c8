package dev.shop.common.problem;

import org.springframework.boot.http.codec.CodecCustomizer;
import org.springframework.core.Ordered;
import org.springframework.http.codec.CodecConfigurer;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.http.codec.multipart.DefaultPartHttpMessageReader;
import org.springframework.http.codec.multipart.MultipartHttpMessageReader;

/**
 * Bounds what codecs buffer to {@code shop.http.max-request-body}, so that a chunked body without
 * {@code Content-Length} also ends in 413; a multipart body's parts to {@code shop.http.max-upload-body} each. Runs after Boot's own customizer, so this limit wins over
 * {@code spring.http.codecs.max-in-memory-size}.
 */
final class RequestBodyLimitCodecCustomizer implements CodecCustomizer, Ordered {

    /** At most a file and a few small fields in an upload. */
    private static final int MAX_PARTS = 4;

    private final int maxInMemorySize;
    private final long maxUploadBody;

    RequestBodyLimitCodecCustomizer(HttpProperties limits) {
        this.maxInMemorySize = Math.toIntExact(limits.maxRequestBody().toBytes());
        this.maxUploadBody = limits.maxUploadBody().toBytes();
    }

    @Override
    public void customize(CodecConfigurer configurer) {
        configurer.defaultCodecs().maxInMemorySize(maxInMemorySize);
        if (configurer instanceof ServerCodecConfigurer server) {
            // a part larger than maxInMemorySize goes to a temporary file, written and read on Spring's
            // bounded-elastic threads, never on an event loop; past maxUploadBody the request ends in 413
            var multipart = new DefaultPartHttpMessageReader();
            multipart.setMaxDiskUsagePerPart(maxUploadBody);
            multipart.setMaxParts(MAX_PARTS);
            server.defaultCodecs().multipartReader(new MultipartHttpMessageReader(multipart));
        }
    }

    @Override
    public int getOrder() {
        return 10;
    }
}
