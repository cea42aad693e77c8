package dev.shop.deploy;

import static dev.shop.deploy.Manifests.at;
import static dev.shop.deploy.Manifests.containers;
import static dev.shop.deploy.Manifests.list;
import static dev.shop.deploy.Manifests.name;
import static dev.shop.deploy.Manifests.ofKind;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import dev.shop.localstack.StackConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The chart in helm/shop, linted and rendered by the real Helm (helm-java embeds it), then checked object by object. */
class HelmChartTest {

    static final Path CHART = Path.of("..", "helm", "shop").toAbsolutePath().normalize();
    static final Path PRODUCTION_VALUES = CHART.resolveSibling("values-production.yaml");
    /** Where the tests find the hook annotations, which helm-java's template would otherwise leave out. */
    static final String UNHOOKED = "unhooked.";
    /**
     * The chart as rendered by the tests, a copy with two changes. Without Chart.yaml's kubeVersion: the Helm that
     * helm-java embeds is built without the Kubernetes version a release of Helm carries and claims v1.20.0 to
     * {@code helm template}, which the chart refuses ({@link #refusesAKubernetesOlderThanTheApisItUses}). With the
     * hook annotations renamed ({@value #UNHOOKED}helm.sh/hook): helm-java's template leaves hooks out (the helm CLI
     * prints them), so the helm test pods are rendered as plain objects, checked like the others.
     */
    static final Path RENDERED_CHART = renderableCopy(CHART);

    static final List<String> SERVICES =
            List.of("gateway", "auth-service", "catalog-service", "cart-service", "payment-service");

    static Stream<String> valuesFiles() {
        return Stream.of("default", PRODUCTION_VALUES.toString());
    }

    static Path renderableCopy(Path chart) {
        try {
            Path copy = Files.createTempDirectory("shop-chart").resolve("shop");
            try (Stream<Path> files = Files.walk(chart)) {
                for (Path file : files.toList()) {
                    Path target = copy.resolve(chart.relativize(file).toString());
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(target);
                    } else if (file.getParent().endsWith("templates")) {
                        Files.writeString(
                                target, Files.readString(file).replace("helm.sh/hook", UNHOOKED + "helm.sh/hook"));
                    } else {
                        Files.copy(file, target);
                    }
                }
            }
            Path chartYaml = copy.resolve("Chart.yaml");
            Files.writeString(
                    chartYaml,
                    Files.readString(chartYaml)
                            .lines()
                            .filter(line -> !line.startsWith("kubeVersion:"))
                            .collect(Collectors.joining("\n", "", "\n")));
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A values file with the given content, for values that --set cannot express (a list, a quoted number). */
    static Path valuesFile(String yaml) {
        try {
            var values = Files.createTempFile("values", ".yaml");
            values.toFile().deleteOnExit();
            Files.writeString(values, yaml);
            return values;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Map<String, Object>> render(String valuesFile, UnaryOperator<TemplateCommand> options) {
        TemplateCommand template =
                new Helm(RENDERED_CHART).template().withName("shop").withNamespace("shop");
        if (!"default".equals(valuesFile)) {
            template = template.withValuesFile(Path.of(valuesFile));
        }
        return Manifests.parse(options.apply(template).call());
    }

    @Test
    void passesHelmLintStrictly() {
        var result = new Helm(CHART).lint().strict().call();

        assertThat(result.isFailed())
                .as(String.join("\n", result.getMessages()))
                .isFalse();
    }

    @ParameterizedTest(name = "values: {0}")
    @MethodSource("valuesFiles")
    void rendersEveryServiceWithItsObjectsAndPassesTheChecks(String valuesFile) {
        var objects = render(valuesFile, UnaryOperator.identity());

        assertThat(ManifestChecks.violations(objects)).isEmpty();
        var serviceNames = SERVICES.stream().map(service -> "shop-" + service).toList();
        for (String kind : List.of("Deployment", "Service", "PodDisruptionBudget", "NetworkPolicy")) {
            assertThat(ofKind(objects, kind))
                    .as(kind)
                    .extracting(Manifests::name)
                    .containsExactlyInAnyOrderElementsOf(serviceNames);
        }
        assertThat(ofKind(objects, "ConfigMap"))
                .extracting(Manifests::name)
                .containsExactlyInAnyOrderElementsOf(Stream.concat(serviceNames.stream(), Stream.of("shop-dashboards"))
                        .toList());
        assertThat(ofKind(objects, "HorizontalPodAutoscaler")).hasSize(SERVICES.size());
        if ("default".equals(valuesFile)) {
            // the Ingress needs the operator's trusted proxies, which no default can know
            assertThat(ofKind(objects, "Ingress")).isEmpty();
        } else {
            assertThat(ofKind(objects, "Ingress"))
                    .singleElement()
                    .satisfies(ingress ->
                            assertThat(at(ingress, "spec.rules")).asString().contains("name=shop-gateway"));
        }
    }

    /** The Ingress on, behind the proxies of a typical pod network (a list, as in a values file). */
    static TemplateCommand withIngress(TemplateCommand template) {
        try {
            var values = Files.createTempFile("ingress-values", ".yaml");
            values.toFile().deleteOnExit();
            Files.writeString(values, """
                    ingress:
                      enabled: true
                    trustedProxies:
                      - 10.244.0.0/16
                      - 192.168.7.0/24
                    """);
            return template.withValuesFile(values);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void routesTheApiTheGatewaysSwaggerUiAndTheStorefrontUnlessTurnedOff() {
        assertThat(ingressPaths(render("default", HelmChartTest::withIngress)))
                .containsExactly("/api", "/swagger-ui.html", "/swagger-ui", "/v3/api-docs", "/");
        assertThat(ingressPaths(render(
                        "default",
                        template -> withIngress(template)
                                .set("ingress.apiDocs", "false")
                                .set("ingress.storefront", "false"))))
                .containsExactly("/api");
    }

    @Test
    void refusesToRenderAnIngressWithoutTheProxiesWhoseForwardingHeaderIsBelieved() {
        assertThatThrownBy(() -> render("default", template -> template.set("ingress.enabled", "true")))
                .hasMessageContaining("ingress.enabled needs trustedProxies");
    }

    @Test
    void tellsTheGatewayWhichProxiesToBelieveAndWhichHeaderTheyWrite() {
        var gateway = configMap(
                render("default", template -> withIngress(template).set("forwardingHeader", "Forwarded")),
                "shop-gateway");

        assertThat(gateway)
                .containsEntry("SHOP_GATEWAY_TRUSTEDPROXIES", "10.244.0.0/16,192.168.7.0/24")
                .containsEntry("SHOP_GATEWAY_FORWARDINGHEADER", "Forwarded");
        // without an Ingress, and by default: nobody's forwarding header is believed
        assertThat(configMap(render("default", UnaryOperator.identity()), "shop-gateway"))
                .containsEntry("SHOP_GATEWAY_TRUSTEDPROXIES", "")
                .containsEntry("SHOP_GATEWAY_FORWARDINGHEADER", "X-Forwarded-For");
    }

    @Test
    void servesTheActuatorOnAManagementPortThatOnlyTheProbesAndTheScraperUse() {
        var objects = render("default", template -> template.set("serviceMonitor.enabled", "true"));

        for (var deployment : ofKind(objects, "Deployment")) {
            var container = containers(deployment).getFirst();
            assertThat(Manifests.list(container.get("ports")))
                    .extracting(port -> port.get("name") + ":" + port.get("containerPort"))
                    .as(name(deployment))
                    .contains("management:9000");
            for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                assertThat(at(container, probe + ".httpGet.port")).as(probe).isEqualTo("management");
            }
        }
        assertThat(ofKind(objects, "ConfigMap"))
                .filteredOn(configMap -> !name(configMap).equals("shop-dashboards"))
                .allSatisfy(configMap -> assertThat(Manifests.map(configMap.get("data")))
                        .containsEntry("MANAGEMENT_SERVER_PORT", "9000"));
        assertThat(ofKind(objects, "ServiceMonitor"))
                .hasSize(SERVICES.size())
                .allSatisfy(monitor ->
                        assertThat(at(monitor, "spec.endpoints")).asString().contains("port=management"));
        for (var policy : ofKind(objects, "NetworkPolicy")) {
            var rules = Manifests.list(at(policy, "spec.ingress"));
            // the management port is admitted from the scraper's namespace, and from nowhere else
            assertThat(rules)
                    .as(name(policy))
                    .filteredOn(rule -> String.valueOf(rule.get("ports")).contains("port=management"))
                    .singleElement()
                    .satisfies(
                            rule -> assertThat(String.valueOf(rule.get("from"))).contains("namespaceSelector"));
            assertThat(rules)
                    .filteredOn(rule -> String.valueOf(rule.get("from")).contains("namespaceSelector"))
                    .allSatisfy(rule ->
                            assertThat(String.valueOf(rule.get("ports"))).doesNotContain("port=http"));
        }
    }

    private static Map<String, Object> configMap(List<Map<String, Object>> objects, String name) {
        return Manifests.map(ofKind(objects, "ConfigMap").stream()
                .filter(configMap -> name(configMap).equals(name))
                .findFirst()
                .orElseThrow()
                .get("data"));
    }

    private static List<Object> ingressPaths(List<Map<String, Object>> objects) {
        var ingress = ofKind(objects, "Ingress").getFirst();
        var rule = Manifests.list(at(ingress, "spec.rules")).getFirst();
        return Manifests.list(at(rule, "http.paths")).stream()
                .map(path -> at(path, "path"))
                .toList();
    }

    @Test
    void aDeploymentWithoutProbesFailsTheChecks() {
        var objects = render("default", UnaryOperator.identity());
        var catalog = ofKind(objects, "Deployment").stream()
                .filter(deployment -> name(deployment).equals("shop-catalog-service"))
                .findFirst()
                .orElseThrow();
        containers(catalog).getFirst().remove("readinessProbe");

        assertThat(ManifestChecks.violations(objects))
                .containsExactly("Deployment shop-catalog-service container catalog-service has no readinessProbe");
    }

    @Test
    void refusesAnUnpinnedImageTag() {
        var objects = render("default", template -> template.set("image.tag", "latest"));

        assertThat(ManifestChecks.violations(objects))
                .hasSize(SERVICES.size())
                .allSatisfy(violation -> assertThat(violation).contains("unpinned image shop/"));
    }

    @Test
    void refusesASecretValueInPlainText() {
        var objects = render(
                "default",
                template -> template.set("services.cart-service.extraEnv.SPRING_MAIL_PASSWORD", "hunter2-hunter2"));

        assertThat(ManifestChecks.violations(objects))
                .containsExactly("ConfigMap shop-cart-service holds SPRING_MAIL_PASSWORD in plain text");
    }

    @Test
    void takesSecretsFromReferencedSecretsOnly() {
        var objects = render("default", UnaryOperator.identity());

        assertThat(ofKind(objects, "Secret")).isEmpty();
        var payment = containers(ofKind(objects, "Deployment").stream()
                        .filter(deployment -> name(deployment).equals("shop-payment-service"))
                        .findFirst()
                        .orElseThrow())
                .getFirst();
        assertThat(Manifests.list(payment.get("env")))
                .filteredOn(env -> env.get("name").equals("STRIPE_SECRET_KEY"))
                .singleElement()
                .satisfies(env ->
                        assertThat(at(env, "valueFrom.secretKeyRef.name")).isEqualTo("shop-stripe"));
    }

    @Test
    void letsOnlyTheGatewayBeReachedFromOutside() {
        var policies = ofKind(render("default", UnaryOperator.identity()), "NetworkPolicy");

        for (var policy : policies) {
            var rules = Manifests.list(at(policy, "spec.ingress"));
            boolean openToAll = rules.stream().anyMatch(rule -> rule.get("from") == null);
            assertThat(openToAll).as(name(policy)).isEqualTo(name(policy).equals("shop-gateway"));
        }
    }

    @Test
    void givesEachServiceItsOwnKafkaPrincipalFromASecretForAnAuthenticatedBroker() {
        var objects = render(
                "default",
                template -> template.set("kafka.security.protocol", "SASL_SSL")
                        .set("kafka.security.caSecret.name", "kafka-ca"));

        for (String service : List.of("auth-service", "catalog-service", "cart-service", "payment-service")) {
            assertThat(configMap(objects, "shop-" + service))
                    .as(service)
                    .containsEntry("SPRING_KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
                    .containsEntry("SPRING_KAFKA_PROPERTIES_SASL_MECHANISM", "SCRAM-SHA-512")
                    .containsEntry("SPRING_KAFKA_SSL_TRUSTSTORETYPE", "PEM")
                    .containsEntry("SPRING_KAFKA_SSL_TRUSTSTORELOCATION", "file:/etc/shop/kafka-ca/ca.crt");
            var deployment = ofKind(objects, "Deployment").stream()
                    .filter(candidate -> name(candidate).equals("shop-" + service))
                    .findFirst()
                    .orElseThrow();
            var env = Manifests.list(containers(deployment).getFirst().get("env"));
            assertThat(env)
                    .filteredOn(variable -> variable.get("name").equals("KAFKA_USERNAME"))
                    .singleElement()
                    .satisfies(variable -> {
                        assertThat(at(variable, "valueFrom.secretKeyRef.name")).isEqualTo("shop-kafka-" + service);
                        assertThat(at(variable, "valueFrom.secretKeyRef.key")).isEqualTo("username");
                    });
            assertThat(env)
                    .filteredOn(variable -> variable.get("name").equals("KAFKA_PASSWORD"))
                    .singleElement()
                    .satisfies(variable -> assertThat(at(variable, "valueFrom.secretKeyRef.key"))
                            .isEqualTo("password"));
            // defined after the two it refers to, as Kubernetes requires for $(NAME)
            var names = env.stream().map(variable -> variable.get("name")).toList();
            assertThat(names.indexOf("SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG"))
                    .isGreaterThan(names.indexOf("KAFKA_PASSWORD"));
            assertThat(env)
                    .filteredOn(variable -> variable.get("name").equals("SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG"))
                    .singleElement()
                    .satisfies(variable -> assertThat(variable.get("value"))
                            .isEqualTo("org.apache.kafka.common.security.scram.ScramLoginModule required"
                                    + " username=\"$(KAFKA_USERNAME)\" password=\"$(KAFKA_PASSWORD)\";"));
            assertThat(String.valueOf(at(deployment, "spec.template.spec.volumes")))
                    .contains("secretName=kafka-ca");
        }
        // the gateway has no Kafka client, and no principal
        assertThat(configMap(objects, "shop-gateway")).doesNotContainKey("SPRING_KAFKA_SECURITY_PROTOCOL");
        var job = ofKind(objects, "Job").getFirst();
        String script = String.valueOf(Manifests.list(at(job, "spec.template.spec.containers"))
                .getFirst()
                .get("command"));
        assertThat(script)
                .contains("security.protocol=SASL_SSL")
                .contains("ssl.truststore.location=/etc/shop/kafka-ca/ca.crt")
                .contains("--command-config /tmp/client.properties");
        assertThat(String.valueOf(Manifests.list(at(job, "spec.template.spec.containers"))
                        .getFirst()
                        .get("env")))
                .contains("name=shop-kafka-topics");
        assertThat(ManifestChecks.violations(objects)).isEmpty();
    }

    @Test
    void talksPlaintextToKafkaByDefaultAndRefusesAProtocolItDoesNotKnow() {
        var objects = render("default", UnaryOperator.identity());
        assertThat(ofKind(objects, "ConfigMap"))
                .allSatisfy(configMap -> assertThat(Manifests.map(configMap.get("data")))
                        .doesNotContainKey("SPRING_KAFKA_SECURITY_PROTOCOL"));

        assertThatThrownBy(() -> render("default", template -> template.set("kafka.security.protocol", "SSL")))
                .hasMessageContaining("kafka.security.protocol must be PLAINTEXT or SASL_SSL, not SSL");
    }

    @Test
    void createsTheTopicsOfTheLocalStackAtEveryRevision() {
        var job = ofKind(render("default", UnaryOperator.identity()), "Job").getFirst();

        assertThat(name(job)).isEqualTo("shop-kafka-topics-1");
        String script = String.valueOf(Manifests.list(at(job, "spec.template.spec.containers"))
                .getFirst()
                .get("command"));
        String loop = "for topic in ";
        String topics = script.substring(script.indexOf(loop) + loop.length(), script.indexOf(';'));
        assertThat(topics.split(" ")).containsExactlyInAnyOrderElementsOf(StackConfig.SHOP_TOPICS);
    }

    @Test
    void shipsTheDashboardToGrafanasSidecarAndNoAlertRulesByDefault() throws IOException {
        var objects = render("default", UnaryOperator.identity());

        var dashboards = ofKind(objects, "ConfigMap").stream()
                .filter(configMap -> name(configMap).equals("shop-dashboards"))
                .findFirst()
                .orElseThrow();
        assertThat(at(dashboards, "metadata.labels.grafana_dashboard")).isEqualTo("1");
        assertThat(Manifests.map(dashboards.get("data")))
                .containsOnlyKeys("shop-overview.json")
                .containsEntry(
                        "shop-overview.json",
                        Files.readString(MonitoredMetrics.DASHBOARD).strip());
        assertThat(ofKind(objects, "PrometheusRule")).isEmpty();
    }

    @Test
    void leavesTheDashboardOutWhenAskedTo() {
        var objects = render("default", template -> template.set("monitoring.dashboards.enabled", "false"));

        assertThat(ofKind(objects, "ConfigMap")).extracting(Manifests::name).doesNotContain("shop-dashboards");
    }

    @Test
    void rendersTheAlertRulesFileAsAPrometheusRuleWhenEnabled() throws IOException {
        var objects = render(
                "default",
                template -> template.set("monitoring.prometheusRule.enabled", "true")
                        .set("monitoring.prometheusRule.labels.release", "kube-prometheus-stack"));

        assertThat(ofKind(objects, "PrometheusRule")).hasSize(1);
        var rule = ofKind(objects, "PrometheusRule").getFirst();
        assertThat(rule.get("apiVersion")).isEqualTo("monitoring.coreos.com/v1");
        assertThat(name(rule)).isEqualTo("shop-alerts");
        assertThat(at(rule, "metadata.labels.release")).isEqualTo("kube-prometheus-stack");
        var file =
                Manifests.parse(Files.readString(MonitoredMetrics.ALERT_RULES)).getFirst();
        assertThat(rule.get("spec")).isEqualTo(file);
    }

    @Test
    void turnsEveryRunbookUrlIntoALinkUnderTheRunbookBaseUrl() {
        var objects = render(
                "default",
                template -> template.set("monitoring.prometheusRule.enabled", "true")
                        .set("monitoring.runbookBaseUrl", "https://git.example.com/shop/blob/main/"));

        var rules = list(at(ofKind(objects, "PrometheusRule").getFirst(), "spec.groups")).stream()
                .flatMap(group -> list(group.get("rules")).stream())
                .toList();
        assertThat(rules)
                .isNotEmpty()
                .allSatisfy(rule -> assertThat(String.valueOf(at(rule, "annotations.runbook_url")))
                        .isEqualTo("https://git.example.com/shop/blob/main/docs/runbooks.md#"
                                + String.valueOf(rule.get("alert")).toLowerCase(Locale.ROOT)));
    }

    private static Map<String, Object> deployment(List<Map<String, Object>> objects, String name) {
        return ofKind(objects, "Deployment").stream()
                .filter(deployment -> name(deployment).equals(name))
                .findFirst()
                .orElseThrow();
    }

    private static List<Map<String, Object>> env(Map<String, Object> deployment) {
        return Manifests.list(containers(deployment).getFirst().get("env"));
    }

    /** The names of the variables a Deployment takes from Secrets, each as "NAME=secret/key". */
    private static List<String> secretEnv(Map<String, Object> deployment) {
        return env(deployment).stream()
                .filter(variable -> at(variable, "valueFrom.secretKeyRef") != null)
                .map(variable -> variable.get("name") + "=" + at(variable, "valueFrom.secretKeyRef.name") + "/"
                        + at(variable, "valueFrom.secretKeyRef.key"))
                .toList();
    }

    private static List<Object> volumeSecrets(Map<String, Object> deployment) {
        return Manifests.list(at(deployment, "spec.template.spec.volumes")).stream()
                .map(volume -> at(volume, "secret.secretName"))
                .filter(java.util.Objects::nonNull)
                .toList();
    }

    @Test
    void addsNoTlsOrAuthenticationSettingsUnlessTheValuesAskForThem() {
        var objects = render("default", UnaryOperator.identity());

        assertThat(configMap(objects, "shop-catalog-service"))
                .containsEntry("SPRING_R2DBC_URL", "r2dbc:postgresql://postgres:5432/catalog")
                .containsEntry("SPRING_FLYWAY_URL", "jdbc:postgresql://postgres:5432/catalog")
                .containsEntry("SPRING_R2DBC_USERNAME", "shop")
                .containsEntry("SPRING_FLYWAY_USER", "shop")
                .doesNotContainKeys(
                        "SPRING_DATA_REDIS_SSL_ENABLED", "SPRING_DATA_REDIS_USERNAME", "SPRING_DATA_REDIS_SSL_BUNDLE");
        assertThat(configMap(objects, "shop-cart-service"))
                .doesNotContainKeys(
                        "SPRING_MAIL_PROPERTIES_MAIL_SMTP_AUTH",
                        "SPRING_MAIL_PROPERTIES_MAIL_SMTP_STARTTLS_ENABLE",
                        "SPRING_MAIL_PROPERTIES_MAIL_SMTP_SSL_ENABLE");
        for (String service : SERVICES) {
            var deployment = deployment(objects, "shop-" + service);
            assertThat(secretEnv(deployment))
                    .as(service)
                    .noneMatch(variable -> variable.startsWith("SPRING_MAIL_")
                            || variable.startsWith("SPRING_DATA_REDIS_")
                            || variable.startsWith("SPRING_R2DBC_USERNAME"));
            assertThat(volumeSecrets(deployment)).as(service).isEmpty();
        }
    }

    @Test
    void connectsBothPostgresDriversOverTlsWithTheSameModeAndCa() {
        var objects = render(
                "default",
                template ->
                        template.set("postgres.sslMode", "verify-full").set("postgres.caSecret.name", "postgres-ca"));

        for (String service : List.of("auth-service", "catalog-service", "cart-service", "payment-service")) {
            String database = service.replace("-service", "");
            assertThat(configMap(objects, "shop-" + service))
                    .as(service)
                    .containsEntry(
                            "SPRING_R2DBC_URL",
                            "r2dbc:postgresql://postgres:5432/" + database
                                    + "?sslMode=verify-full&sslRootCert=/etc/shop/postgres-ca/ca.crt")
                    .containsEntry(
                            "SPRING_FLYWAY_URL",
                            "jdbc:postgresql://postgres:5432/" + database
                                    + "?sslmode=verify-full&sslrootcert=/etc/shop/postgres-ca/ca.crt");
            var deployment = deployment(objects, "shop-" + service);
            assertThat(volumeSecrets(deployment)).as(service).containsExactly("postgres-ca");
            assertThat(String.valueOf(containers(deployment).getFirst().get("volumeMounts")))
                    .contains("mountPath=/etc/shop/postgres-ca");
        }
        // the gateway has no database, and no CA of it
        assertThat(volumeSecrets(deployment(objects, "shop-gateway"))).isEmpty();
        assertThat(ManifestChecks.violations(objects)).isEmpty();
    }

    @Test
    void letsTheJdbcDriverCheckPostgresWithTheJvmsTrustStoreWhenNoCaIsGiven() {
        var verified = configMap(
                render("default", template -> template.set("postgres.sslMode", "verify-ca")), "shop-cart-service");
        var encrypted = configMap(
                render("default", template -> template.set("postgres.sslMode", "require")), "shop-cart-service");

        assertThat(verified)
                .containsEntry("SPRING_R2DBC_URL", "r2dbc:postgresql://postgres:5432/cart?sslMode=verify-ca")
                .containsEntry(
                        "SPRING_FLYWAY_URL",
                        "jdbc:postgresql://postgres:5432/cart?sslmode=verify-ca"
                                + "&sslfactory=org.postgresql.ssl.DefaultJavaSSLFactory");
        assertThat(encrypted)
                .containsEntry("SPRING_R2DBC_URL", "r2dbc:postgresql://postgres:5432/cart?sslMode=require")
                .containsEntry("SPRING_FLYWAY_URL", "jdbc:postgresql://postgres:5432/cart?sslmode=require");
    }

    @Test
    void takesThePostgresUsernameFromASecretWhenOneIsNamed() {
        var objects = render(
                "default",
                template -> template.set("postgres.usernameSecret.name", "shop-db-app")
                        .set("postgres.passwordSecret.name", "shop-db-app"));

        for (String service : List.of("auth-service", "catalog-service", "cart-service", "payment-service")) {
            assertThat(configMap(objects, "shop-" + service))
                    .as(service)
                    .doesNotContainKeys("SPRING_R2DBC_USERNAME", "SPRING_FLYWAY_USER");
            assertThat(secretEnv(deployment(objects, "shop-" + service)))
                    .as(service)
                    .contains(
                            "SPRING_R2DBC_USERNAME=shop-db-app/username",
                            "SPRING_FLYWAY_USER=shop-db-app/username",
                            "SPRING_R2DBC_PASSWORD=shop-db-app/password",
                            "SPRING_FLYWAY_PASSWORD=shop-db-app/password");
        }
        assertThat(secretEnv(deployment(objects, "shop-gateway"))).noneMatch(name -> name.startsWith("SPRING_R2DBC"));
    }

    @Test
    void talksTlsToRedisAndLogsInWithAPasswordFromASecret() {
        var objects = render(
                "default",
                template -> template.set("redis.tls.enabled", "true")
                        .set("redis.tls.caSecret.name", "redis-ca")
                        .set("redis.username", "shop")
                        .set("redis.passwordSecret.name", "shop-redis"));

        for (String service : List.of("gateway", "catalog-service")) {
            assertThat(configMap(objects, "shop-" + service))
                    .as(service)
                    .containsEntry("SPRING_DATA_REDIS_SSL_ENABLED", "true")
                    .containsEntry("SPRING_DATA_REDIS_USERNAME", "shop")
                    .containsEntry("SPRING_DATA_REDIS_SSL_BUNDLE", "redis")
                    .containsEntry(
                            "SPRING_SSL_BUNDLE_PEM_REDIS_TRUSTSTORE_CERTIFICATE", "file:/etc/shop/redis-ca/ca.crt")
                    .doesNotContainKey("SPRING_DATA_REDIS_PASSWORD");
            var deployment = deployment(objects, "shop-" + service);
            assertThat(secretEnv(deployment)).as(service).contains("SPRING_DATA_REDIS_PASSWORD=shop-redis/password");
            assertThat(volumeSecrets(deployment)).as(service).contains("redis-ca");
        }
        // services without Redis get none of it
        assertThat(configMap(objects, "shop-cart-service")).doesNotContainKey("SPRING_DATA_REDIS_SSL_ENABLED");
        assertThat(volumeSecrets(deployment(objects, "shop-cart-service"))).isEmpty();
        // TLS without a CA of its own: the JVM's trust store, no bundle
        assertThat(configMap(render("default", template -> template.set("redis.tls.enabled", "true")), "shop-gateway"))
                .containsEntry("SPRING_DATA_REDIS_SSL_ENABLED", "true")
                .doesNotContainKey("SPRING_DATA_REDIS_SSL_BUNDLE");
        assertThat(ManifestChecks.violations(objects)).isEmpty();
    }

    @Test
    void logsInToSmtpOverStartTlsWithAnAccountFromASecret() {
        var objects = render(
                "default",
                template -> template.set("smtp.tls", "starttls").set("smtp.credentialsSecret.name", "shop-smtp"));

        assertThat(configMap(objects, "shop-cart-service"))
                .containsEntry("SPRING_MAIL_PROPERTIES_MAIL_SMTP_AUTH", "true")
                .containsEntry("SPRING_MAIL_PROPERTIES_MAIL_SMTP_STARTTLS_ENABLE", "true")
                .containsEntry("SPRING_MAIL_PROPERTIES_MAIL_SMTP_STARTTLS_REQUIRED", "true")
                .doesNotContainKeys("SPRING_MAIL_USERNAME", "SPRING_MAIL_PASSWORD");
        assertThat(secretEnv(deployment(objects, "shop-cart-service")))
                .contains("SPRING_MAIL_USERNAME=shop-smtp/username", "SPRING_MAIL_PASSWORD=shop-smtp/password");
        // only cart-service sends mails
        assertThat(secretEnv(deployment(objects, "shop-payment-service")))
                .noneMatch(name -> name.startsWith("SPRING_MAIL_"));
        assertThat(ManifestChecks.violations(objects)).isEmpty();

        assertThat(configMap(render("default", template -> template.set("smtp.tls", "tls")), "shop-cart-service"))
                .containsEntry("SPRING_MAIL_PROPERTIES_MAIL_SMTP_SSL_ENABLE", "true")
                .doesNotContainKeys(
                        "SPRING_MAIL_PROPERTIES_MAIL_SMTP_STARTTLS_ENABLE", "SPRING_MAIL_PROPERTIES_MAIL_SMTP_AUTH");
    }

    @Test
    void linksTheMailsToTheStorefrontsOrderPage() {
        assertThat(configMap(render("default", template -> template), "shop-cart-service"))
                .as("the first storefront origin (frontendOrigin by default)")
                .containsEntry("CART_MAIL_ORDER_PAGE", "https://shop.example.com/orders/{id}")
                .containsEntry("CART_MAIL_IMAGEBASE", "https://shop.example.com");
        // a values file: --set would read the braces as a list
        assertThat(configMap(
                        render("default", template -> template.withValuesFile(valuesFile("""
                                smtp:
                                  orderPage: https://a.example/o/{id}
                                """))), "shop-cart-service"))
                .containsEntry("CART_MAIL_ORDER_PAGE", "https://a.example/o/{id}");
        assertThat(configMap(render("default", template -> template), "shop-payment-service"))
                .doesNotContainKey("CART_MAIL_ORDER_PAGE");
        assertThatThrownBy(() -> render("default", template -> template.set("smtp.orderPage", "https://a.example/o")))
                .as("a page without {id}")
                .hasMessageContaining("orderPage");
    }

    @Test
    void pointsCatalogServiceAtTheImageStoreWithCredentialsFromASecretOrTheSdksDefaultChain() {
        var objects = render(
                "default",
                template -> template.set("objectStore.endpoint", "https://s3.storage.example")
                        .set("objectStore.bucket", "shop-prod-images")
                        .set("objectStore.region", "eu-central-1")
                        .set("objectStore.pathStyleAccess", "true")
                        .set("objectStore.credentialsSecret.name", "shop-images"));

        assertThat(configMap(objects, "shop-catalog-service"))
                .containsEntry("CATALOG_IMAGES_ENDPOINT", "https://s3.storage.example")
                .containsEntry("CATALOG_IMAGES_BUCKET", "shop-prod-images")
                .containsEntry("CATALOG_IMAGES_REGION", "eu-central-1")
                .containsEntry("CATALOG_IMAGES_PATHSTYLEACCESS", "true")
                .doesNotContainKeys("CATALOG_IMAGES_ACCESSKEY", "CATALOG_IMAGES_SECRETKEY");
        assertThat(secretEnv(deployment(objects, "shop-catalog-service")))
                .contains(
                        "CATALOG_IMAGES_ACCESSKEY=shop-images/access-key",
                        "CATALOG_IMAGES_SECRETKEY=shop-images/secret-key");
        // only catalog-service stores images
        assertThat(configMap(objects, "shop-cart-service")).doesNotContainKey("CATALOG_IMAGES_BUCKET");
        assertThat(ManifestChecks.violations(objects)).isEmpty();

        // no Secret: Amazon S3 and the SDK's default chain (the pod's role); the local key pair is only the local
        // profile's, which the chart never turns on
        var defaults = render("default", template -> template);
        assertThat(configMap(defaults, "shop-catalog-service"))
                .containsEntry("CATALOG_IMAGES_ENDPOINT", "")
                .containsEntry("CATALOG_IMAGES_BUCKET", "shop-images")
                .doesNotContainKey("SPRING_PROFILES_ACTIVE");
        assertThat(env(deployment(defaults, "shop-catalog-service")))
                .noneMatch(variable -> String.valueOf(variable.get("name")).startsWith("CATALOG_IMAGES_"));
    }

    @Test
    void refusesToSendTheSmtpPasswordWithoutTls() {
        assertThatThrownBy(
                        () -> render("default", template -> template.set("smtp.credentialsSecret.name", "shop-smtp")))
                .hasMessageContaining("smtp.credentialsSecret needs smtp.tls starttls or tls");
    }

    @Test
    void addsExtraEnvFromSourcesAfterTheChartsOwnConfigMap() {
        var objects = render("default", template -> template.withValuesFile(valuesFile("""
                defaults:
                  extraEnvFrom:
                    - secretRef:
                        name: shop-extra
                services:
                  payment-service:
                    extraEnvFrom:
                      - configMapRef:
                          name: payment-tuning
                      - secretRef:
                          name: shop-extra
                """)));

        assertThat(Manifests.list(containers(deployment(objects, "shop-gateway"))
                        .getFirst()
                        .get("envFrom")))
                .extracting(String::valueOf)
                .containsExactly("{configMapRef={name=shop-gateway}}", "{secretRef={name=shop-extra}}");
        assertThat(Manifests.list(containers(deployment(objects, "shop-payment-service"))
                        .getFirst()
                        .get("envFrom")))
                .extracting(String::valueOf)
                .containsExactly(
                        "{configMapRef={name=shop-payment-service}}",
                        "{configMapRef={name=payment-tuning}}",
                        "{secretRef={name=shop-extra}}");
    }

    @Test
    void runsEveryServiceUnderTheReleasesServiceAccountWithoutAToken() {
        var objects = render(
                "default",
                template -> template.set(
                        "serviceAccount.annotations.iam\\.gke\\.io/gcp-service-account",
                        "shop@project.iam.gserviceaccount.com"));

        var account = ofKind(objects, "ServiceAccount").getFirst();
        assertThat(ofKind(objects, "ServiceAccount")).hasSize(1);
        assertThat(name(account)).isEqualTo("shop");
        assertThat(account.get("automountServiceAccountToken")).isEqualTo(false);
        assertThat(Manifests.map(at(account, "metadata.annotations")))
                .containsEntry("iam.gke.io/gcp-service-account", "shop@project.iam.gserviceaccount.com");
        assertThat(ofKind(objects, "Deployment")).hasSize(SERVICES.size()).allSatisfy(deployment -> {
            assertThat(at(deployment, "spec.template.spec.serviceAccountName")).isEqualTo("shop");
            assertThat(at(deployment, "spec.template.spec.automountServiceAccountToken"))
                    .isEqualTo(false);
        });

        var existing = render(
                "default",
                template -> template.set("serviceAccount.create", "false").set("serviceAccount.name", "shop-apps"));
        assertThat(ofKind(existing, "ServiceAccount")).isEmpty();
        assertThat(ofKind(existing, "Deployment"))
                .allSatisfy(deployment -> assertThat(at(deployment, "spec.template.spec.serviceAccountName"))
                        .isEqualTo("shop-apps"));
    }

    @Test
    void passesTheSchedulingSettingsToThePodsAndSpreadsEachServicesOwnPods() {
        var objects = render("default", template -> template.withValuesFile(valuesFile("""
                defaults:
                  nodeSelector:
                    kubernetes.io/arch: amd64
                  tolerations:
                    - key: dedicated
                      operator: Equal
                      value: shop
                      effect: NoSchedule
                  affinity:
                    nodeAffinity:
                      requiredDuringSchedulingIgnoredDuringExecution:
                        nodeSelectorTerms:
                          - matchExpressions:
                              - key: pool
                                operator: In
                                values: [shop]
                  topologySpreadConstraints:
                    - maxSkew: 1
                      topologyKey: topology.kubernetes.io/zone
                      whenUnsatisfiable: ScheduleAnyway
                    - maxSkew: 2
                      topologyKey: kubernetes.io/hostname
                      whenUnsatisfiable: DoNotSchedule
                      labelSelector:
                        matchLabels:
                          app.kubernetes.io/part-of: shop
                services:
                  payment-service:
                    nodeSelector:
                      pool: payments
                """)));

        for (String service : SERVICES) {
            var pod = Manifests.podSpec(deployment(objects, "shop-" + service));
            assertThat(String.valueOf(pod.get("tolerations"))).as(service).contains("value=shop");
            assertThat(String.valueOf(at(pod, "affinity.nodeAffinity")))
                    .as(service)
                    .contains("values=[shop]");
            var constraints = Manifests.list(pod.get("topologySpreadConstraints"));
            assertThat(constraints).as(service).hasSize(2);
            assertThat(Manifests.map(at(constraints.get(0), "labelSelector.matchLabels")))
                    .as(service)
                    .containsExactlyInAnyOrderEntriesOf(
                            Map.of("app.kubernetes.io/instance", "shop", "app.kubernetes.io/name", service));
            assertThat(constraints.get(0))
                    .containsEntry("topologyKey", "topology.kubernetes.io/zone")
                    .containsEntry("maxSkew", 1);
            assertThat(Manifests.map(at(constraints.get(1), "labelSelector.matchLabels")))
                    .containsExactlyEntriesOf(Map.of("app.kubernetes.io/part-of", "shop"));
        }
        assertThat(Manifests.map(at(Manifests.podSpec(deployment(objects, "shop-gateway")), "nodeSelector")))
                .containsExactlyEntriesOf(Map.of("kubernetes.io/arch", "amd64"));
        assertThat(Manifests.map(at(Manifests.podSpec(deployment(objects, "shop-payment-service")), "nodeSelector")))
                .containsEntry("pool", "payments")
                .containsEntry("kubernetes.io/arch", "amd64");
        // none of it by default
        assertThat(ofKind(render("default", UnaryOperator.identity()), "Deployment"))
                .allSatisfy(deployment -> assertThat(Manifests.podSpec(deployment))
                        .doesNotContainKeys("nodeSelector", "affinity", "tolerations", "topologySpreadConstraints"));
    }

    @Test
    void addsPodAnnotationsBesideTheConfigurationChecksum() {
        var objects = render(
                "default",
                template -> template.set("defaults.podAnnotations.fluentbit\\.io/parser", "json")
                        .set("services.gateway.podAnnotations.example\\.com/team", "edge"));

        for (String service : SERVICES) {
            var annotations = Manifests.map(at(deployment(objects, "shop-" + service), "spec.template.metadata"))
                    .get("annotations");
            assertThat(Manifests.map(annotations))
                    .as(service)
                    .containsKey("checksum/config")
                    .containsEntry("fluentbit.io/parser", "json");
        }
        assertThat(Manifests.map(Manifests.map(at(deployment(objects, "shop-gateway"), "spec.template.metadata"))
                        .get("annotations")))
                .containsEntry("example.com/team", "edge");
        assertThat(Manifests.map(Manifests.map(at(deployment(objects, "shop-cart-service"), "spec.template.metadata"))
                        .get("annotations")))
                .doesNotContainKey("example.com/team");
    }

    @Test
    void refusesAKubernetesOlderThanTheApisItUses() throws IOException {
        var chart =
                Manifests.parse(Files.readString(CHART.resolve("Chart.yaml"))).getFirst();
        assertThat(chart.get("kubeVersion")).isEqualTo(">=1.25.0-0");

        // the embedded Helm claims Kubernetes v1.20.0, older than policy/v1 and autoscaling/v2
        assertThatThrownBy(() -> new Helm(CHART).template().withName("shop").call())
                .hasMessageContaining("chart requires kubeVersion: >=1.25.0-0")
                .hasMessageContaining("v1.20.0");
    }

    static Stream<Arguments> wrongValues() {
        return Stream.of(
                Arguments.of("defaults:\n  replicas: \"2\"\n", "/defaults/replicas", "want integer"),
                Arguments.of(
                        "services:\n  cart-service:\n    replicas: two\n",
                        "/services/cart-service/replicas",
                        "want integer"),
                Arguments.of("postgres:\n  sslMode: verify\n", "/postgres/sslMode", "verify-full"),
                Arguments.of("postgres:\n  hots: db.internal\n", "/postgres", "'hots' not allowed"),
                Arguments.of(
                        "services:\n  catalog-servce:\n    port: 8082\n", "/services", "'catalog-servce' not allowed"),
                Arguments.of("smtp:\n  tls: ssl\n", "/smtp/tls", "starttls"),
                Arguments.of("objectStore:\n  bucket: Shop_Images\n", "/objectStore/bucket", "pattern"),
                Arguments.of("defaults:\n  managementPort: 90000\n", "/defaults/managementPort", "maximum"),
                Arguments.of(
                        "kafka:\n  security:\n    saslMechanism: PLAIN\n",
                        "/kafka/security/saslMechanism",
                        "SCRAM-SHA-512"),
                Arguments.of(
                        "defaults:\n  podAnnotations:\n    example.com/weight: 3\n",
                        "/defaults/podAnnotations/example.com~1weight",
                        "want string"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("wrongValues")
    void rejectsAWrongValueWithAMessageNamingTheField(String values, String field, String why) {
        assertThatThrownBy(() -> render("default", template -> template.withValuesFile(valuesFile(values))))
                .hasMessageContaining("values don't meet the specifications of the schema")
                .hasMessageContaining("at '" + field + "'")
                .hasMessageContaining(why);
    }

    @Test
    void lintFailsOnAValuesFileThatTheSchemaRejects() throws IOException {
        Path chart = renderableCopy(CHART);
        Files.writeString(
                chart.resolve("values.yaml"),
                Files.readString(chart.resolve("values.yaml")).replace("  sslMode: \"\"", "  sslMode: verify_full"));

        var result = new Helm(chart).lint().strict().call();

        assertThat(result.isFailed()).isTrue();
        assertThat(String.join("\n", result.getMessages())).contains("/postgres/sslMode");
    }

    private static List<Map<String, Object>> testPods(List<Map<String, Object>> objects) {
        return ofKind(objects, "Pod").stream()
                .filter(pod -> "test"
                        .equals(Manifests.map(at(pod, "metadata.annotations")).get(UNHOOKED + "helm.sh/hook")))
                .toList();
    }

    @Test
    void asksEachServicesReadinessOnItsManagementPortInAHelmTest() {
        var objects = render("default", template -> template.set("services.gateway.managementPort", "9100"));

        var pods = testPods(objects);
        assertThat(pods)
                .extracting(Manifests::name)
                .containsExactlyInAnyOrderElementsOf(SERVICES.stream()
                        .map(service -> "shop-" + service + "-test")
                        .toList());
        for (String service : SERVICES) {
            var pod = pods.stream()
                    .filter(candidate -> name(candidate).equals("shop-" + service + "-test"))
                    .findFirst()
                    .orElseThrow();
            String port = service.equals("gateway") ? "9100" : "9000";
            assertThat(Manifests.list(containers(pod).getFirst().get("command")))
                    .as(service)
                    .asString()
                    .contains("http://shop-" + service + ":" + port + "/actuator/health/readiness")
                    .contains("--fail");
            assertThat(at(pod, "spec.restartPolicy")).isEqualTo("Never");
            // not one of the service's pods: its Service must not send it requests
            var labels = Manifests.map(at(pod, "metadata.labels"));
            assertThat(ofKind(objects, "Service"))
                    .noneMatch(svc -> Manifests.selects(Manifests.map(at(svc, "spec.selector")), labels));
            // and the NetworkPolicy of the service lets it reach the management port
            var policy = ofKind(objects, "NetworkPolicy").stream()
                    .filter(candidate -> name(candidate).equals("shop-" + service))
                    .findFirst()
                    .orElseThrow();
            var managementRule = Manifests.list(at(policy, "spec.ingress")).stream()
                    .filter(rule -> String.valueOf(rule.get("ports")).contains("port=management"))
                    .findFirst()
                    .orElseThrow();
            assertThat(Manifests.list(managementRule.get("from")))
                    .as(service)
                    .anySatisfy(peer -> assertThat(
                                    Manifests.selects(Manifests.map(at(peer, "podSelector.matchLabels")), labels))
                            .isTrue());
        }
        assertThat(ManifestChecks.violations(objects)).isEmpty();

        var without = render("default", template -> template.set("tests.enabled", "false"));
        assertThat(ofKind(without, "Pod")).isEmpty();
        assertThat(ofKind(without, "NetworkPolicy"))
                .allSatisfy(policy -> assertThat(String.valueOf(at(policy, "spec.ingress")))
                        .doesNotContain("podSelector={matchLabels={app.kubernetes.io/instance=shop,"
                                + " app.kubernetes.io/name=helm-test}}"));
    }

    @Test
    void aTestPodThatMayRunAsRootOrWithoutLimitsFailsTheChecks() {
        var objects = render("default", UnaryOperator.identity());
        var pod = testPods(objects).stream()
                .filter(candidate -> name(candidate).equals("shop-cart-service-test"))
                .findFirst()
                .orElseThrow();
        Manifests.map(pod.get("spec")).remove("securityContext");
        containers(pod).getFirst().remove("resources");

        assertThat(ManifestChecks.violations(objects))
                .containsExactlyInAnyOrder(
                        "Pod shop-cart-service-test container readiness may run as root",
                        "Pod shop-cart-service-test container readiness sets no resources.requests.cpu",
                        "Pod shop-cart-service-test container readiness sets no resources.requests.memory",
                        "Pod shop-cart-service-test container readiness sets no resources.limits.memory");
    }
}
