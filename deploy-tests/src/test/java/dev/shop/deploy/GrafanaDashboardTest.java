package dev.shop.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** helm/shop/dashboards/shop-overview.json, the Grafana dashboard the chart and the compose file ship. */
class GrafanaDashboardTest {

    static final String DATASOURCE = "${datasource}";

    static JsonNode dashboard() throws IOException {
        return JsonMapper.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build()
                .readTree(Files.readString(MonitoredMetrics.DASHBOARD));
    }

    static List<JsonNode> graphs(JsonNode dashboard) {
        return MonitoredMetrics.panels(dashboard).stream()
                .filter(panel -> !"row".equals(panel.path("type").asString("")))
                .toList();
    }

    @Test
    void letsTheViewerPickThePrometheusDatasourceAndTheServices() throws IOException {
        var dashboard = dashboard();

        assertThat(dashboard.path("schemaVersion").asInt()).isBetween(36, 41);
        assertThat(dashboard.path("uid").asString("")).isEqualTo("shop-overview");
        var variables = dashboard.path("templating").path("list").valueStream().toList();
        assertThat(variables)
                .extracting(variable -> variable.path("name").asString(""))
                .containsExactly("datasource", "service");
        assertThat(variables.getFirst().path("type").asString("")).isEqualTo("datasource");
        assertThat(variables.getFirst().path("query").asString("")).isEqualTo("prometheus");
        var service = variables.get(1);
        assertThat(service.path("datasource").path("uid").asString("")).isEqualTo(DATASOURCE);
        assertThat(service.path("query").path("query").asString(""))
                .isEqualTo("label_values(http_server_requests_seconds_count, application)");
        assertThat(service.path("includeAll").asBoolean()).isTrue();
    }

    @Test
    void everyPanelQueriesTheChosenDatasourceWithAtLeastOneExpression() throws IOException {
        var graphs = graphs(dashboard());

        assertThat(graphs).isNotEmpty();
        for (var panel : graphs) {
            String title = panel.path("title").asString("");
            assertThat(panel.path("datasource").path("uid").asString(""))
                    .as(title + "'s datasource")
                    .isEqualTo(DATASOURCE);
            var targets = panel.path("targets").valueStream().toList();
            assertThat(targets).as(title + "'s targets").isNotEmpty();
            for (var target : targets) {
                assertThat(target.path("expr").asString("")).as(title).isNotBlank();
                assertThat(target.path("datasource").path("uid").asString(DATASOURCE))
                        .as(title + "'s target datasource")
                        .isEqualTo(DATASOURCE);
            }
        }
    }

    @Test
    void everyQueryKeepsToTheChosenServices() throws IOException {
        for (var panel : graphs(dashboard())) {
            for (var target : panel.path("targets")) {
                assertThat(target.path("expr").asString(""))
                        .as(panel.path("title").asString(""))
                        .contains("application=~\"$service\"");
            }
        }
    }

    @Test
    void givesEveryPanelItsOwnIdAndPlaceOnTheGrid() throws IOException {
        var ids = new HashSet<Integer>();
        var cells = new HashSet<String>();
        for (var panel : MonitoredMetrics.panels(dashboard())) {
            assertThat(ids.add(panel.path("id").asInt()))
                    .as("id of " + panel.path("title").asString(""))
                    .isTrue();
            var grid = panel.path("gridPos");
            assertThat(grid.path("x").asInt() + grid.path("w").asInt()).isLessThanOrEqualTo(24);
            for (int row = 0; row < grid.path("h").asInt(); row++) {
                for (int column = 0; column < grid.path("w").asInt(); column++) {
                    String cell = (grid.path("y").asInt() + row) + ":"
                            + (grid.path("x").asInt() + column);
                    assertThat(cells.add(cell))
                            .as(panel.path("title").asString("") + " overlaps at " + cell)
                            .isTrue();
                }
            }
        }
    }

    @Test
    void showsRequestsTheSagaTheOutboxKafkaBreakersRateLimitsPaymentsAndThePools() throws IOException {
        var dashboard = dashboard();
        var names = new HashSet<String>();
        MonitoredMetrics.dashboardExpressions(MonitoredMetrics.DASHBOARD)
                .forEach(expression -> names.addAll(MonitoredMetrics.inExpression(expression)));

        assertThat(names)
                .containsExactlyInAnyOrder(
                        "http_server_requests_seconds_count",
                        "http_server_requests_seconds_bucket",
                        "shop_orders_transitions_total",
                        "shop_orders",
                        "shop_orders_settlement_seconds_bucket",
                        "shop_outbox_pending",
                        "shop_outbox_oldest_pending_age_seconds",
                        "shop_outbox_published_total",
                        "shop_outbox_publish_failures_total",
                        "kafka_consumer_fetch_manager_records_lag_max",
                        "shop_events_dead_lettered_total",
                        "resilience4j_circuitbreaker_state",
                        "shop_payment_outcomes_total",
                        "shop_payment_provider_requests_seconds_bucket",
                        "shop_payment_provider_retries_total",
                        "shop_gateway_rate_limited_total",
                        "r2dbc_pool_acquired_connections",
                        "r2dbc_pool_pending_connections");
        assertThat(dashboard.path("panels").valueStream())
                .filteredOn(panel -> "row".equals(panel.path("type").asString("")))
                .extracting(row -> row.path("title").asString(""))
                .hasSize(7);
    }
}
