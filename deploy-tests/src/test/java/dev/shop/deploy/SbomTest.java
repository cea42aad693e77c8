package dev.shop.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every service's jar, and so its image, carries a CycloneDX SBOM of what it ships ({@code META-INF/sbom}, made by
 * the CycloneDX plugin as Spring Boot's parent configures it, declared in the root POM): what a scanner reads to tell
 * whether a known vulnerability is inside.
 */
class SbomTest {

    private static final List<String> SERVICES =
            List.of("gateway", "auth-service", "catalog-service", "cart-service", "payment-service");
    private static final String SBOM = "META-INF/sbom/application.cdx.json";

    @Test
    void everyServiceJarCarriesACycloneDxSbomOfItsDependencies() throws IOException {
        for (var service : SERVICES) {
            var sbom = sbomOf(service);

            assertThat(sbom.path("bomFormat").asString()).as(service).isEqualTo("CycloneDX");
            assertThat(sbom.path("metadata").path("component").path("name").asString())
                    .as(service)
                    .isEqualTo(service);
            var components = new ArrayList<String>();
            sbom.path("components")
                    .forEach(component -> components.add(component.path("name").asString()));
            assertThat(components).as(service + "'s components").contains("spring-boot", "common", "reactor-core");
        }
    }

    private static JsonNode sbomOf(String service) throws IOException {
        var target = Path.of("..", service, "target");
        Path jar;
        try (var files = Files.list(target)) {
            jar = files.filter(file -> file.getFileName().toString().matches(service + "-.*\\.jar"))
                    .filter(file -> !file.getFileName().toString().endsWith("-tests.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException(
                            "no jar of " + service + " under " + target + ": build it first (mvn verify does)"));
        }
        try (var file = new JarFile(jar.toFile())) {
            var entry = file.getEntry(SBOM);
            // the plugin needs Maven online: an offline build (mvn -o) skips it and leaves the jar without one
            assertThat(entry)
                    .as(SBOM + " in " + jar + " (a build with mvn -o makes none)")
                    .isNotNull();
            try (var in = file.getInputStream(entry)) {
                return JsonMapper.builder().build().readTree(in);
            }
        }
    }
}
