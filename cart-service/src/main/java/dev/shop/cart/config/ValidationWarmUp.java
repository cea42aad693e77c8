package dev.shop.cart.config;

import jakarta.validation.Validator;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Loads Hibernate Validator's message bundles at startup. It reads them from the jars lazily, at the first violation
 * it has to describe, which would be file I/O on the event loop of the first invalid request.
 */
@Configuration(proxyBeanMethods = false)
class ValidationWarmUp {

    record Probe(@NotNull @Nullable String value) {}

    @Bean
    ApplicationRunner loadValidationMessages(Validator validator) {
        return arguments -> validator.validate(new Probe(null));
    }
}
