package dev.shop.localstack.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.test.context.ContextCustomizerFactories;

/**
 * Connects a Spring test to the shared local stack: R2DBC and Flyway to {@link #database()} on the
 * real PostgreSQL, Redis, and the Kafka broker (both for Spring Kafka and the Stream binder), and, when asked, Keycloak
 * and the payment-provider simulator.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ContextCustomizerFactories(LocalStackContextCustomizerFactory.class)
public @interface LocalStackTest {

    /** The database of the service under test; created when missing. */
    String database();

    /**
     * Whether the test needs the real Keycloak with the {@code shop} realm (started once per test JVM, about 10 s
     * after its one-time build). Sets {@code spring.security.oauth2.resourceserver.jwt.issuer-uri} and {@code shop.keycloak.*}.
     */
    boolean keycloak() default false;

    /**
     * Whether the test needs the payment-provider simulator (started once per test JVM on a free port, well under a
     * second). Sets {@code shop.payment.stripe.api-base} and {@code shop.payment.stripe.secret-key}; the test reaches
     * the simulator itself through {@code SharedLocalStack.get().simulator()}.
     */
    boolean simulator() default false;

    /**
     * Whether the test needs the S3-compatible object store (started once per test JVM on a free port, about a
     * second). Sets {@code catalog.images.endpoint}, {@code bucket}, {@code region}, {@code path-style-access} and the
     * credentials; the test reaches the store itself through {@code SharedLocalStack.get().objectStore()}.
     */
    boolean objectStore() default false;
}
