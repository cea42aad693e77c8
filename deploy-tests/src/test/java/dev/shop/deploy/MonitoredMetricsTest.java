package dev.shop.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MonitoredMetricsTest {

    @Test
    void takesTheMetricOfAHistogramQuantileButNotItsFunctionsOrGroupingLabels() {
        var names = MonitoredMetrics.inExpression(
                "histogram_quantile(0.99, sum by (le, application) (rate(http_server_requests_seconds_bucket"
                        + "{application=~\"$service\", uri!~\"/actuator.*\"}[5m])))");

        assertThat(names).containsExactly("http_server_requests_seconds_bucket");
    }

    @Test
    void takesEveryMetricOfABinaryExpressionAndIgnoresLabelValuesThatLookLikeNames() {
        var names = MonitoredMetrics.inExpression("""
                sum(rate(shop_payment_outcomes_total{outcome="failed"}[10m]))
                  / sum(rate(shop_payment_outcomes_total{outcome=~"succeeded|declined"}[10m])) > 0.1
                  and on (application) max(up) by (application) unless absent(shop_outbox_pending offset 5m)
                """);

        assertThat(names).containsExactly("shop_outbox_pending", "shop_payment_outcomes_total", "up");
    }

    @Test
    void takesABareSelectorAndOneInASubquery() {
        assertThat(MonitoredMetrics.inExpression("shop_orders")).containsExactly("shop_orders");
        assertThat(MonitoredMetrics.inExpression(
                        "max_over_time(max by (status) (shop_orders{status=~\"PENDING\"})[20m:1m]) >= bool 1e3"))
                .containsExactly("shop_orders");
    }

    @Test
    void findsNoMetricInAnExpressionOfOnlyFunctionsAndNumbers() {
        assertThat(MonitoredMetrics.inExpression("vector(1) * scalar(time()) + 0x1f - 5m"))
                .isEmpty();
    }

    @Test
    void readsTheTargetsOfEveryPanelAndTheMetricOfALabelValuesVariable(@TempDir Path folder) throws IOException {
        var dashboard = folder.resolve("dashboard.json");
        Files.writeString(dashboard, """
                {"panels": [
                  {"type": "row", "collapsed": true, "panels": [
                    {"type": "timeseries", "targets": [{"expr": "rate(hidden_in_a_row_total[5m])"}]}]},
                  {"type": "stat", "targets": [{"expr": "sum(visible_gauge)"}]}],
                 "templating": {"list": [
                  {"name": "service", "type": "query",
                   "query": {"query": "label_values(variable_metric_count, application)"}},
                  {"name": "label", "type": "query", "query": "label_values(application)"}]}}
                """);
        var rules = folder.resolve("rules.yaml");
        Files.writeString(rules, """
                groups:
                  - name: one
                    rules:
                      - alert: Something
                        expr: rule_metric_seconds > 1
                """);

        assertThat(MonitoredMetrics.referencedBy(dashboard, rules))
                .containsExactly(
                        "hidden_in_a_row_total", "rule_metric_seconds", "variable_metric_count", "visible_gauge");
    }
}
