package dev.shop.common.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.alwaysTrue;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.lang.ArchRule;

/**
 * Services meet only through HTTP and events. Use in a service's test:
 *
 * <pre>{@code
 * @AnalyzeClasses(packages = "dev.shop")
 * class ArchitectureTest {
 *     @ArchTest
 *     static final ArchRule boundaries = ServiceBoundaries.servicesDependOnlyOnCommon();
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
}
