package dev.shop.payment;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.shop.common.architecture.ServiceBoundaries;
import java.time.Duration;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@AnalyzeClasses(
        packages = "dev.shop",
        importOptions = {ImportOption.DoNotIncludeTests.class, ArchitectureTest.NoTestJars.class})
class ArchitectureTest {

    /** Other modules' test jars (common's test fixtures) are test code too. */
    static final class NoTestJars implements ImportOption {
        @Override
        public boolean includes(Location location) {
            return !location.contains("-tests.jar");
        }
    }

    @ArchTest
    static final ArchRule servicesMeetOnlyThroughHttpAndEvents = ServiceBoundaries.servicesDependOnlyOnCommon();

    @ArchTest
    static final ArchRule nothingBlocksOnAPublisher = noClasses()
            .that()
            .resideInAPackage("dev.shop.payment..")
            .should()
            .callMethod(Mono.class, "block")
            .orShould()
            .callMethod(Mono.class, "block", Duration.class)
            .orShould()
            .callMethod(Mono.class, "blockOptional")
            .orShould()
            .callMethod(Flux.class, "blockFirst")
            .orShould()
            .callMethod(Flux.class, "blockLast")
            .orShould()
            .callMethod(Flux.class, "toIterable")
            .orShould()
            .callMethod(Flux.class, "toStream")
            .because("nothing may block an event loop; the service is reactive end to end");

    @ArchTest
    static final ArchRule noJdbc = noClasses()
            .that()
            .resideInAPackage("dev.shop.payment..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("java.sql..")
            .because("the service talks to PostgreSQL through R2DBC only (Flyway's JDBC runs before it serves)");

    @ArchTest
    static final ArchRule controllersAreThinAndInWebPackages = classes()
            .that()
            .resideInAPackage("dev.shop.payment..")
            .and()
            .areAnnotatedWith(RestController.class)
            .should()
            .resideInAPackage("..web..")
            .andShould()
            .notBePublic()
            .allowEmptyShould(true);

    @ArchTest
    static final ArchRule onlyTheStripePackageTalksToTheProvider = noClasses()
            .that()
            .resideOutsideOfPackage("dev.shop.payment.stripe..")
            .and()
            .resideInAPackage("dev.shop.payment..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.springframework.web.reactive.function.client..", "io.github.resilience4j..")
            .because("the provider's HTTP details and its guards live in one place");
}
