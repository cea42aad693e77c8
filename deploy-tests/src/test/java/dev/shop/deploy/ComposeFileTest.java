package dev.shop.deploy;

import static dev.shop.deploy.Manifests.at;
import static dev.shop.deploy.Manifests.map;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shop.localstack.ObjectStore;
import dev.shop.localstack.StackConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
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
        assertThat(services)
                .containsKeys("postgres", "redis", "kafka", "keycloak", "mail", "payment-simulator", "object-store");
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
        assertThat(map(map(services.get("catalog-service")).get("depends_on")))
                .containsKeys("postgres", "redis", "object-store");
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
                "payment-simulator", "12111:12111",
                "object-store", "19000:19000");
        ports.forEach((name, mapping) -> assertThat(map(services.get(name)).get("ports"))
                .as(name)
                .asList()
                .contains(mapping));
    }

    @Test
    void catalogServiceStoresImagesInTheComposeObjectStoreWithTheLocalStacksBucketAndKeys() throws IOException {
        var catalog = map(map(services().get("catalog-service")).get("environment"));
        assertThat(catalog.get("CATALOG_IMAGES_ENDPOINT")).isEqualTo("http://object-store:19000");

        var store = new java.util.Properties();
        try (var in = Files.newBufferedReader(ROOT.resolve("deploy/compose/object-store.properties"))) {
            store.load(in);
        }
        assertThat(store.getProperty("s3proxy.identity")).isEqualTo(ObjectStore.ACCESS_KEY);
        assertThat(store.getProperty("s3proxy.credential")).isEqualTo(ObjectStore.SECRET_KEY);
        assertThat(store.getProperty("s3proxy.endpoint")).endsWith(":19000");
        assertThat(Files.readString(ROOT.resolve("deploy/docker/object-store.Dockerfile")))
                .contains("mkdir -p /data/" + ObjectStore.BUCKET);
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

    @Test
    void runsPrometheusGrafanaAndJaegerOnlyInTheObservabilityProfile() throws IOException {
        var services = services();

        var profiled = services.entrySet().stream()
                .filter(service -> map(service.getValue()).containsKey("profiles"))
                .collect(Collectors.toMap(
                        Map.Entry::getKey, service -> map(service.getValue()).get("profiles")));
        assertThat(profiled)
                .containsOnlyKeys("prometheus", "grafana", "jaeger")
                .allSatisfy((name, profiles) -> assertThat(profiles).isEqualTo(List.of("observability")));
        assertThat(map(services.get("jaeger")).get("ports")).asList().contains("4318:4318", "16686:16686");
    }

    @Test
    void sendsTracesOnlyWhenTheOperatorGivesTheEndpoint() throws IOException {
        var services = services();

        for (var name : SERVICES) {
            var environment = map(map(services.get(name)).get("environment"));
            // present without a value: Compose takes it from its own environment, or leaves it unset
            assertThat(environment)
                    .as(name)
                    .containsEntry("MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT", null);
        }
    }

    @Test
    void prometheusOfTheProfileLoadsTheChartsAlertRulesAndScrapesEveryService() throws IOException {
        var prometheus = map(services().get("prometheus"));
        var volumes = (List<?>) prometheus.get("volumes");
        String configFile = ((List<?>) prometheus.get("command"))
                .stream()
                        .map(String::valueOf)
                        .filter(argument -> argument.startsWith("--config.file="))
                        .map(argument -> argument.substring("--config.file=".length()))
                        .findFirst()
                        .orElseThrow();

        var config =
                Manifests.parse(Files.readString(hostPath(volumes, configFile))).getFirst();
        String configFolder = configFile.substring(0, configFile.lastIndexOf('/'));
        assertThat((List<?>) config.get("rule_files"))
                .singleElement()
                .satisfies(ruleFile -> assertThat(hostPath(volumes, normalize(configFolder + "/" + ruleFile)))
                        .isEqualTo(MonitoredMetrics.ALERT_RULES));
        assertThat(scrapeTargets(config))
                .containsExactlyInAnyOrder(
                        // the services' management port, where the actuator is (MANAGEMENT_SERVER_PORT)
                        "gateway:9000",
                        "auth-service:9000",
                        "catalog-service:9000",
                        "cart-service:9000",
                        "payment-service:9000");
    }

    @Test
    void localPrometheusLoadsTheChartsAlertRulesAndScrapesTheLocalRun() throws IOException {
        Path configFile = ROOT.resolve("deploy/prometheus/prometheus-local.yml");
        var config = Manifests.parse(Files.readString(configFile)).getFirst();

        assertThat((List<?>) config.get("rule_files"))
                .singleElement()
                .satisfies(ruleFile -> assertThat(configFile
                                .resolveSibling(String.valueOf(ruleFile))
                                .normalize())
                        .isEqualTo(MonitoredMetrics.ALERT_RULES));
        assertThat(scrapeTargets(config))
                .containsExactlyInAnyOrder(
                        // ./shop up's management ports, 1000 above the API's
                        "127.0.0.1:9080", "127.0.0.1:9081", "127.0.0.1:9082", "127.0.0.1:9083", "127.0.0.1:9084");
    }

    @Test
    void grafanaOfTheProfileShowsTheChartsDashboardOnThePrometheusOfTheProfile() throws IOException {
        var grafana = map(services().get("grafana"));
        var volumes = (List<?>) grafana.get("volumes");

        var dashboards = Manifests.parse(
                        Files.readString(hostPath(volumes, "/etc/grafana/provisioning/dashboards/shop.yaml")))
                .getFirst();
        assertThat(Manifests.list(dashboards.get("providers")))
                .singleElement()
                .satisfies(provider -> assertThat(hostPath(volumes, String.valueOf(at(provider, "options.path"))))
                        .isEqualTo(MonitoredMetrics.DASHBOARD.getParent()));
        var datasources = Manifests.parse(
                        Files.readString(hostPath(volumes, "/etc/grafana/provisioning/datasources/shop.yaml")))
                .getFirst();
        assertThat(Manifests.list(datasources.get("datasources")))
                .filteredOn(datasource -> "prometheus".equals(datasource.get("type")))
                .singleElement()
                .satisfies(datasource -> assertThat(datasource.get("url")).isEqualTo("http://prometheus:9090"));
        assertThat(map(services().get("prometheus")).get("ports")).asList().contains("9090:9090");
    }

    /** Where a path inside a container comes from on the host, through the container's bind mounts. */
    static Path hostPath(List<?> volumes, String containerPath) {
        for (Object volume : volumes) {
            String[] mount = String.valueOf(volume).split(":");
            String source = mount[0];
            String target = mount[1];
            if (source.startsWith(".") && (containerPath.equals(target) || containerPath.startsWith(target + "/"))) {
                String rest = containerPath.substring(target.length()).replaceFirst("^/", "");
                return ROOT.resolve(source).resolve(rest).normalize();
            }
        }
        throw new AssertionError(containerPath + " is not mounted from the repository");
    }

    private static String normalize(String containerPath) {
        return Path.of(containerPath).normalize().toString();
    }

    private static List<String> scrapeTargets(Map<String, Object> prometheusConfig) {
        List<String> targets = new ArrayList<>();
        for (var job : Manifests.list(prometheusConfig.get("scrape_configs"))) {
            assertThat(job.get("metrics_path"))
                    .as(job.get("job_name") + "'s path")
                    .isEqualTo("/actuator/prometheus");
            for (var group : Manifests.list(job.get("static_configs"))) {
                ((List<?>) group.get("targets")).forEach(target -> targets.add(String.valueOf(target)));
            }
        }
        return targets;
    }
}
