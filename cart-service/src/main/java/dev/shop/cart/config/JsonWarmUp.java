package dev.shop.cart.config;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;
import org.springframework.http.HttpEntity;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds Jackson's (de)serializers of every request and response body at startup. Jackson builds them at first use
 * under a lock; concurrent first requests (BlockHound caught it: ten checkouts at once on a fresh service) would
 * wait for that lock on event loops.
 */
@Configuration(proxyBeanMethods = false)
class JsonWarmUp {

    @Bean
    ApplicationRunner buildJsonSerializers(JsonMapper json, List<RequestMappingHandlerMapping> mappings) {
        return arguments -> {
            json.writerFor(ProblemDetail.class);
            mappings.stream()
                    .flatMap(mapping -> mapping.getHandlerMethods().values().stream())
                    .forEach(method -> {
                        for (MethodParameter parameter : method.getMethodParameters()) {
                            if (parameter.hasParameterAnnotation(RequestBody.class)) {
                                json.readerFor(json.constructType(parameter.getGenericParameterType()));
                            }
                        }
                        Class<?> body = bodyType(ResolvableType.forMethodReturnType(method.getMethod()));
                        if (body != null && body != Void.class && body != Object.class) {
                            json.writerFor(body);
                        }
                    });
        };
    }

    // Mono<ResponseEntity<OrderResponse>> → OrderResponse
    private static @Nullable Class<?> bodyType(ResolvableType type) {
        ResolvableType current = type;
        while (current.getRawClass() != null
                && (Publisher.class.isAssignableFrom(current.getRawClass())
                        || HttpEntity.class.isAssignableFrom(current.getRawClass()))) {
            current = current.getGeneric(0);
        }
        return current.resolve();
    }
}
