package dev.shop.common.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shop.common.test.BlockingCalls;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Email;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The validator with its messages read at startup and held: a violation on an event loop is described in the JVM's
 * default locale, and nothing is read from a jar on the way.
 */
class ValidationMessagesIntegrationTest {

    private final ApplicationContextRunner contexts = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    ValidationAutoConfiguration.class, ValidationMessagesAutoConfiguration.class));

    record Address(@Email String email) {}

    @BeforeAll
    static void blockHound() {
        BlockingCalls.install();
    }

    @Test
    void describesAViolationOnAnEventLoopFromTheMessagesReadAtStartup() {
        contexts.run(context -> {
            var validator = context.getBean(Validator.class);
            // a violation on a thread where BlockHound refuses file I/O, described from the bundles read at startup
            var messages = Mono.fromCallable(() -> validator.validate(new Address("not an address")).stream()
                            .map(ConstraintViolation::getMessage)
                            .toList())
                    .subscribeOn(Schedulers.parallel())
                    .block(Duration.ofSeconds(10));

            assertThat(messages).containsExactly("must be a well-formed email address");
        });
    }
}
