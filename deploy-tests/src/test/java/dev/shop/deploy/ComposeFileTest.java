package dev.shop.deploy;

import static dev.shop.deploy.Manifests.at;
import static dev.shop.deploy.Manifests.map;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shop.localstack.StackConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml, read as Compose reads it (YAML with merge keys): no Docker engine runs here, so these checks
 * stand in for {@code docker compose config}.
 */
class ComposeFileTest {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final List<String> SERVICES =
            List.of("gateway", "auth-service", "catalog-service", "cart-service", "payment-service");

    static Map<String, Object> services() throws IOException {
        var compose = Manifests.parse(Files.readString(ROOT.resolve("docker-compose.yml")));
        return map(compose.getFirst().get("services"));
    }

    @Test
    void everyLongRunningContainerHasAHealthCheckAMemoryLimitAndAPinnedImage() throws IOException {
        var services = services();

        assertThat(services).containsKeys(SERVICES.toArray(String[]::new));
        assertThat(services).containsKeys("postgres", "redis", "kafka", "keycloak", "mail", "payment-simulator");
        services.forEach((name, definition) -> {
            var service = map(definition);
            assertThat(String.valueOf(service.get("image")))
                    .as(name + "'s image")
                    .matches(Pattern.compile("[\\w./-]+:[\\w][\\w.-]*"))
                    .doesNotEndWith(":latest");
            assertThat(service.get("mem_limit")).as(name + "'s memory limit").isNotNull();
            if (!"no".equals(service.get("restart"))) {
                assertThat(at(service, "healthcheck.test"))
                        .as(name + "'s health check")
                        .isNotNull();
            }
        });
    }

    @Test
    void servicesStartOnlyOnceWhatTheyNeedIsHealthyAndTheTopicsExist() throws IOException {
        var services = services();

        for (var name : SERVICES) {
            var dependencies = map(map(services.get(name)).get("depends_on"));
            assertThat(dependencies).as(name).isNotEmpty();
            dependencies.forEach(
                    (dependency, condition) -> assertThat(map(condition).get("condition"))
                            .as(name + " on " + dependency)
                            .isIn("service_healthy", "service_completed_successfully"));
        }
        assertThat(map(map(services.get("cart-service")).get("depends_on")))
                .containsKeys("postgres", "kafka-topics", "keycloak", "mail");
    }

    @Test
    void createsTheTopicsAndDatabasesOfTheLocalStackOnItsPorts() throws IOException {
        var services = services();
        String topicsScript = String.valueOf(map(services.get("kafka-topics")).get("command"));
        String loop = "for topic in ";
        String topics = topicsScript.substring(topicsScript.indexOf(loop) + loop.length(), topicsScript.indexOf(';'));
        assertThat(topics.split(" ")).containsExactlyInAnyOrderElementsOf(StackConfig.SHOP_TOPICS);

        String databases = Files.readString(ROOT.resolve("deploy/compose/create-databases.sql"));
        assertThat(StackConfig.SERVICE_DATABASES)
                .allSatisfy(database -> assertThat(databases).contains("CREATE DATABASE " + database + ";"));

        var ports = Map.of(
                "gateway", "8080:8080",
                "auth-service", "8081:8081",
                "catalog-service", "8082:8082",
                "cart-service", "8083:8083",
                "payment-service", "8084:8084",
                "keycloak", "8180:8080",
                "postgres", "55432:5432",
                "payment-simulator", "12111:12111");
        ports.forEach((name, mapping) -> assertThat(map(services.get(name)).get("ports"))
                .as(name)
                .asList()
                .contains(mapping));
    }

    @Test
    void importsTheRealmOfTheLocalStackWithAFixedHostname() throws IOException {
        var keycloak = map(services().get("keycloak"));

        assertThat(String.valueOf(keycloak.get("volumes")))
                .contains("./local-stack/src/main/resources/keycloak/shop-realm.json:/opt/keycloak/data/import/");
        assertThat(String.valueOf(keycloak.get("command")))
                .contains("--import-realm")
                .contains("--hostname=http://localhost:8180");
        assertThat(ROOT.resolve("local-stack/src/main/resources/keycloak/shop-realm.json"))
                .isRegularFile();
    }
}
