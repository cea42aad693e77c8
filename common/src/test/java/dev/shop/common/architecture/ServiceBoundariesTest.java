package dev.shop.common.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

class ServiceBoundariesTest {

    @Test
    void passesWhenServicesOnlyUseCommon() {
        JavaClasses classes = new ClassFileImporter().importPackages("dev.shop.archfixture.clean");

        EvaluationResult result = ServiceBoundaries.servicesDependOnlyOnCommon("dev.shop.archfixture.clean")
                .evaluate(classes);

        assertThat(result.hasViolation())
                .as(result.getFailureReport().toString())
                .isFalse();
    }

    @Test
    void failsWhenOneServiceUsesAnothersCode() {
        JavaClasses classes = new ClassFileImporter().importPackages("dev.shop.archfixture.violating");

        EvaluationResult result = ServiceBoundaries.servicesDependOnlyOnCommon("dev.shop.archfixture.violating")
                .evaluate(classes);

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().toString())
                .contains("CheckoutService")
                .contains("ProductCatalog");
    }

    @Test
    void failsWhenCommonDependsOnAService() {
        JavaClasses classes = new ClassFileImporter().importPackages("dev.shop.archfixture.leakycommon");

        EvaluationResult result = ServiceBoundaries.servicesDependOnlyOnCommon("dev.shop.archfixture.leakycommon")
                .evaluate(classes);

        assertThat(result.hasViolation()).isTrue();
    }
}
