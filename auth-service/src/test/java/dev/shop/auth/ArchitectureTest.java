package dev.shop.auth;

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
    static final ArchRule nothingBlocksOnAPublisher = ServiceBoundaries.nothingBlocksOnAPublisher("dev.shop.auth..");

    @ArchTest
    static final ArchRule keycloakOnlyOverWebClient = noClasses()
            .that()
            .resideInAPackage("dev.shop.auth..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.keycloak..", "java.net.http..", "java.sql..")
            .because("Keycloak is called with WebClient and PostgreSQL through R2DBC: nothing blocks a thread");

    @ArchTest
    static final ArchRule controllersAreThinAndInWebPackages =
            ServiceBoundaries.controllersAreThinAndInWebPackages("dev.shop.auth..");

    @ArchTest
    static final ArchRule featuresDoNotReachIntoWebPackages =
            ServiceBoundaries.featuresDoNotReachIntoWebPackages("dev.shop.auth..");

    @ArchTest
    static final ArchRule onlyTheKeycloakPackageTalksHttpToKeycloak = noClasses()
            .that()
            .resideInAPackage("dev.shop.auth..")
            .and()
            .resideOutsideOfPackage("dev.shop.auth.keycloak..")
            .should()
            .dependOnClassesThat()
            .haveFullyQualifiedName("org.springframework.web.reactive.function.client.WebClient");
}
