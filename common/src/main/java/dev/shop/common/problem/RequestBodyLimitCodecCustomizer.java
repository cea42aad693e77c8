package dev.shop.common.problem;

import org.springframework.boot.http.codec.CodecCustomizer;
import org.springframework.core.Ordered;
import org.springframework.http.codec.CodecConfigurer;
import org.springframework.util.unit.DataSize;

/**
 * Bounds what codecs buffer to {@code shop.http.max-request-body}, so that a chunked body without
 * {@code Content-Length} also ends in 413. Runs after Boot's own customizer, so this limit wins over
 * {@code spring.http.codecs.max-in-memory-size}.
 */
final class RequestBodyLimitCodecCustomizer implements CodecCustomizer, Ordered {

    private final int maxInMemorySize;

    RequestBodyLimitCodecCustomizer(DataSize limit) {
        this.maxInMemorySize = Math.toIntExact(limit.toBytes());
    }

    @Override
    public void customize(CodecConfigurer configurer) {
        configurer.defaultCodecs().maxInMemorySize(maxInMemorySize);
    }

    @Override
    public int getOrder() {
        return 10;
    }
}
