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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The chart in helm/shop, linted and rendered by the real Helm (helm-java embeds it), then checked object by object. */
class HelmChartTest {

    static final Path CHART = Path.of("..", "helm", "shop").toAbsolutePath().normalize();
    static final Path PRODUCTION_VALUES = CHART.resolveSibling("values-production.yaml");
    static final List<String> SERVICES =
            List.of("gateway", "auth-service", "catalog-service", "cart-service", "payment-service");

    static Stream<String> valuesFiles() {
        return Stream.of("default", PRODUCTION_VALUES.toString());
    }

    static List<Map<String, Object>> render(String valuesFile, UnaryOperator<TemplateCommand> options) {
        TemplateCommand template = new Helm(CHART).template().withName("shop").withNamespace("shop");
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
}
