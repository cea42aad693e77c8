package dev.shop.common.validation;

import jakarta.validation.Validator;
import jakarta.validation.constraints.NotNull;
import java.util.Locale;
import java.util.Set;
import org.hibernate.validator.messageinterpolation.ResourceBundleMessageInterpolator;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.boot.validation.autoconfigure.ValidationConfigurationCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * Validation messages without file I/O on an event loop. Hibernate Validator reads its message bundles from the jars
 * at the first violation it describes, and then keeps them only softly, as the JDK's bundle cache does: the event loop
 * of an invalid request would read a jar, the first time and again whenever the collector had dropped them (under
 * memory pressure, after a quiet spell). Here the validator is built with its bundles read at startup and held, for
 * the one locale the API answers in (the JVM's default), and a first violation is described at startup too.
 */
@AutoConfiguration(before = ValidationAutoConfiguration.class)
@ConditionalOnClass({ResourceBundleMessageInterpolator.class, ValidationConfigurationCustomizer.class})
public class ValidationMessagesAutoConfiguration {

    record Probe(@NotNull @Nullable String value) {}

    @Bean
    ValidationConfigurationCustomizer preloadedValidationMessages() {
        return configuration -> {
            Locale locale = Locale.getDefault();
            configuration.messageInterpolator(
                    new ResourceBundleMessageInterpolator(Set.of(locale), locale, context -> locale, true));
        };
    }

    @Bean
    ApplicationRunner describeAFirstViolation(ObjectProvider<Validator> validator) {
        return arguments -> validator.ifAvailable(available -> available.validate(new Probe(null)));
    }
}
