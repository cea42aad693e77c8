package dev.shop.catalog;

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
    static final ArchRule nothingBlocksOnAPublisher = ServiceBoundaries.nothingBlocksOnAPublisher("dev.shop.catalog..");

    @ArchTest
    static final ArchRule noJdbc = ServiceBoundaries.noJdbc("dev.shop.catalog..");

    @ArchTest
    static final ArchRule controllersAreThinAndInWebPackages =
            ServiceBoundaries.controllersAreThinAndInWebPackages("dev.shop.catalog..");

    @ArchTest
    static final ArchRule featuresDoNotReachIntoWebPackages =
            ServiceBoundaries.featuresDoNotReachIntoWebPackages("dev.shop.catalog..");
}
