package dev.shop.payment;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.shop.common.architecture.ServiceBoundaries;

@AnalyzeClasses(
        packages = "dev.shop",
        importOptions = {ImportOption.DoNotIncludeTests.class, ServiceBoundaries.NoTestJars.class})
class ArchitectureTest {

    @ArchTest
    static final ArchRule servicesMeetOnlyThroughHttpAndEvents = ServiceBoundaries.servicesDependOnlyOnCommon();

    @ArchTest
    static final ArchRule nothingBlocksOnAPublisher = ServiceBoundaries.nothingBlocksOnAPublisher("dev.shop.payment..");

    @ArchTest
    static final ArchRule noJdbc = ServiceBoundaries.noJdbc("dev.shop.payment..");

    @ArchTest
    static final ArchRule controllersAreThinAndInWebPackages = ServiceBoundaries.controllersAreThinAndInWebPackages(
                    "dev.shop.payment..")
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
