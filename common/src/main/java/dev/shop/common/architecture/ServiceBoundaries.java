package dev.shop.common.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.alwaysTrue;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.lang.ArchRule;
import java.time.Duration;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The rules every service's architecture test applies: services meet only through HTTP and events, nothing blocks on
 * a publisher, no JDBC, thin controllers in web packages. Use in a service's test:
 *
 * <pre>{@code
 * @AnalyzeClasses(
 *         packages = "dev.shop",
 *         importOptions = {ImportOption.DoNotIncludeTests.class, ServiceBoundaries.NoTestJars.class})
 * class ArchitectureTest {
 *     @ArchTest
 *     static final ArchRule boundaries = ServiceBoundaries.servicesDependOnlyOnCommon();
 *     @ArchTest
 *     static final ArchRule nonBlocking = ServiceBoundaries.nothingBlocksOnAPublisher("dev.shop.cart..");
 * }
 * }</pre>
 *
 * Needs {@code com.tngtech.archunit:archunit-junit5} on the test classpath (an optional dependency of common).
 */
public final class ServiceBoundaries {

    /** The root of every Shop package: {@code dev.shop.<module>..}. */
    public static final String ROOT_PACKAGE = "dev.shop";

    private ServiceBoundaries() {}

    /** No module under {@code dev.shop} depends on another, except on {@code dev.shop.common}. */
    public static ArchRule servicesDependOnlyOnCommon() {
        return servicesDependOnlyOnCommon(ROOT_PACKAGE);
    }

    /**
     * No module {@code <rootPackage>.<module>..} depends on another, except on {@code <rootPackage>.common..}. Common
     * itself must depend on no service.
     */
    public static ArchRule servicesDependOnlyOnCommon(String rootPackage) {
        return slices().matching(rootPackage + ".(*)..")
                .namingSlices("module '$1'")
                .should()
                .notDependOnEachOther()
                .ignoreDependency(alwaysTrue(), resideInAPackage(rootPackage + ".common.."))
                .because("services meet only through HTTP and events; shared contracts live in common");
    }

    /** Nothing in the service's packages ({@code dev.shop.cart..}) blocks on a Mono or Flux. */
    public static ArchRule nothingBlocksOnAPublisher(String servicePackages) {
        return noClasses()
                .that()
                .resideInAPackage(servicePackages)
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
    }

    /** The service reaches PostgreSQL through R2DBC only. */
    public static ArchRule noJdbc(String servicePackages) {
        return noClasses()
                .that()
                .resideInAPackage(servicePackages)
                .should()
                .dependOnClassesThat()
                .resideInAPackage("java.sql..")
                .because("the service talks to PostgreSQL through R2DBC only (Flyway's JDBC runs before it serves)");
    }

    /** Controllers live in {@code ..web..} packages and are not public. */
    public static ArchRule controllersAreThinAndInWebPackages(String servicePackages) {
        return classes()
                .that()
                .resideInAPackage(servicePackages)
                .and()
                .areAnnotatedWith(RestController.class)
                .should()
                .resideInAPackage("..web..")
                .andShould()
                .notBePublic();
    }

    /** The features do not depend on the web layer above them. */
    public static ArchRule featuresDoNotReachIntoWebPackages(String servicePackages) {
        return noClasses()
                .that()
                .resideOutsideOfPackage("..web..")
                .and()
                .resideInAPackage(servicePackages)
                .should()
                .dependOnClassesThat()
                .resideInAPackage(servicePackages + "web..");
    }

    /** Other modules' test jars (common's test fixtures) are test code too: leave them out of the analysis. */
    public static final class NoTestJars implements ImportOption {
        @Override
        public boolean includes(Location location) {
            return !location.contains("-tests.jar");
        }
    }
}
