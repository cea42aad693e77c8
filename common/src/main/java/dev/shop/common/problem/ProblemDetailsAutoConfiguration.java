package dev.shop.common.problem;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.http.codec.CodecCustomizer;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.http.codec.json.JacksonJsonDecoder;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/** RFC 9457 problem details and the request body limit for reactive web applications. */
@AutoConfiguration(beforeName = "org.springframework.boot.webflux.autoconfigure.error.ErrorWebFluxAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@EnableConfigurationProperties(HttpProperties.class)
public final class ProblemDetailsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ProblemWriter problemWriter(ServerCodecConfigurer codecs) {
        return new ProblemWriter(codecs);
    }

    @Bean
    @ConditionalOnMissingBean
    ProblemExceptionHandler problemExceptionHandler(ProblemWriter writer) {
        return new ProblemExceptionHandler(writer);
    }

    /**
     * A number with a fraction where the API wants a whole one ({@code "quantity": 1.5}) is a client's mistake: 400
     * {@code malformed-request} naming the field, not silently cut to 1.
     */
    @Bean
    JsonMapperBuilderCustomizer shopWholeNumbersStayWhole() {
        return builder -> builder.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    }

    /**
     * A field given twice ({@code {"quantity": 1, "quantity": 20}}) is ambiguous: 400 {@code malformed-request}, not
     * whichever value the parser happens to keep (the last).
     */
    @Bean
    JsonMapperBuilderCustomizer shopFieldsOnce() {
        return builder -> builder.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
    }

    /** Problem bodies for what Reactor Netty refuses before the application sees it (see the class). */
    @Bean
    NettyServerCustomizer shopDecodingFailureProblems() {
        return DecodingFailureProblems.customizer();
    }

    /** Query parameters and path segments with control characters: 400 naming them (see the filter). */
    @Bean
    ControlCharacterFilter shopControlCharacterFilter() {
        return new ControlCharacterFilter();
    }

    /**
     * JSON request bodies are read with the application's mapper plus {@link PrintableStrings}: a string field with a
     * control character is 400 naming it. The application's own mapper (events, the provider's answers) is untouched.
     */
    @Bean
    WebFluxConfigurer shopPrintableRequestText(JsonMapper mapper) {
        JsonMapper requests = mapper.rebuild()
                .addModule(new SimpleModule("shop-printable-strings")
                        .addDeserializer(String.class, new PrintableStrings()))
                .build();
        return new WebFluxConfigurer() {
            @Override
            public void configureHttpMessageCodecs(ServerCodecConfigurer configurer) {
                configurer.defaultCodecs().jacksonJsonDecoder(new JacksonJsonDecoder(requests));
            }
        };
    }

    @Bean
    RequestBodyLimitFilter requestBodyLimitFilter(HttpProperties properties) {
        return new RequestBodyLimitFilter(properties);
    }

    @Bean
    CodecCustomizer requestBodyLimitCodecCustomizer(HttpProperties properties) {
        return new RequestBodyLimitCodecCustomizer(properties);
    }
}
