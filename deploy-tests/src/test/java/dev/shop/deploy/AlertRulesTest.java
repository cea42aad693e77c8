package dev.shop.deploy;

import static dev.shop.deploy.Manifests.list;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** helm/shop/alerts/shop-alerts.yaml, the Prometheus rule file the chart and the local Prometheus load. */
class AlertRulesTest {

    static Map<String, Object> ruleFile() throws IOException {
        return Manifests.parse(Files.readString(MonitoredMetrics.ALERT_RULES)).getFirst();
    }

    static List<Map<String, Object>> rules() throws IOException {
        return list(ruleFile().get("groups")).stream()
                .flatMap(group -> list(group.get("rules")).stream())
                .toList();
    }

    @Test
    void isAPrometheusRuleFileOfNamedGroups() throws IOException {
        var file = ruleFile();

        assertThat(file).containsOnlyKeys("groups");
        var groups = list(file.get("groups"));
        assertThat(groups).isNotEmpty().allSatisfy(group -> {
            assertThat(group).containsOnlyKeys("name", "rules");
            assertThat(String.valueOf(group.get("name"))).isNotBlank();
        });
        assertThat(groups).extracting(group -> group.get("name")).doesNotHaveDuplicates();
    }

    @Test
    void everyAlertSaysHowLongHowBadWhatAndWhatToDoFirst() throws IOException {
        var rules = rules();

        assertThat(rules).hasSizeGreaterThanOrEqualTo(8);
        for (var rule : rules) {
            String alert = String.valueOf(rule.get("alert"));
            assertThat(alert).matches("Shop[A-Z]\\w+");
            assertThat(String.valueOf(rule.get("expr"))).as(alert + "'s expr").isNotBlank();
            assertThat(String.valueOf(rule.get("for"))).as(alert + "'s for").matches("\\d+[smh]");
            assertThat(Manifests.at(rule, "labels.severity"))
                    .as(alert + "'s severity")
                    .isIn("critical", "warning");
            assertThat(String.valueOf(Manifests.at(rule, "annotations.summary")))
                    .as(alert + "'s summary")
                    .isNotBlank()
                    .isNotEqualTo("null");
            assertThat(String.valueOf(Manifests.at(rule, "annotations.runbook")))
                    .as(alert + "'s runbook")
                    .isNotEqualTo("null")
                    .hasSizeGreaterThan(40);
        }
        assertThat(rules).extracting(rule -> rule.get("alert")).doesNotHaveDuplicates();
    }

    @Test
    void pointsEveryAlertAtItsSectionOfTheRunbooks() throws IOException {
        var runbooks = Files.readString(Path.of("..", "docs", "runbooks.md"));

        for (var rule : rules()) {
            String alert = String.valueOf(rule.get("alert"));
            assertThat(String.valueOf(Manifests.at(rule, "annotations.runbook_url")))
                    .as(alert + "'s runbook_url")
                    .isEqualTo("docs/runbooks.md#" + alert.toLowerCase(Locale.ROOT));
            assertThat(runbooks).as("docs/runbooks.md's section for " + alert).contains("\n## " + alert + "\n");
        }
    }

    @Test
    void watchesErrorsLatencyTheOutboxDeadLettersBreakersStuckOrdersLagAndPayments() throws IOException {
        var byName = rules().stream()
                .collect(Collectors.toMap(
                        rule -> String.valueOf(rule.get("alert")), rule -> String.valueOf(rule.get("expr"))));

        assertThat(byName)
                .containsOnlyKeys(
                        "ShopHighErrorRate",
                        "ShopSlowRequests",
                        "ShopOutboxLagging",
                        "ShopEventsDeadLettered",
                        "ShopConsumerLagHigh",
                        "ShopOrdersStuck",
                        "ShopCheckoutsRefused",
                        "ShopCircuitBreakerOpen",
                        "ShopPaymentFailuresHigh",
                        "ShopPaymentAmountMismatch",
                        "ShopPaymentNeedsAttention",
                        "ShopPaymentLateSuccess");
        assertThat(byName.get("ShopHighErrorRate")).contains("status=~\"5..\"").contains("> 0.05");
        assertThat(byName.get("ShopSlowRequests"))
                .contains("histogram_quantile(0.99")
                .contains("> 1");
        assertThat(byName.get("ShopOutboxLagging"))
                .contains("shop_outbox_oldest_pending_age_seconds")
                .contains("> 60");
        assertThat(byName.get("ShopOrdersStuck")).contains("PENDING|AWAITING_PAYMENT");
        assertThat(byName.get("ShopCheckoutsRefused")).contains("shop_checkout_refused_total{limit=\"saga-lag\"}");
        assertThat(byName.get("ShopPaymentAmountMismatch")).contains("shop_orders_payment_amount_mismatch_total");
        assertThat(byName.get("ShopPaymentNeedsAttention")).contains("shop_payment_needs_attention");
        assertThat(byName.get("ShopPaymentLateSuccess")).contains("shop_payment_late_successes_total");
        // the outcome values payment-service writes: succeeded, declined (the card said no), failed
        assertThat(byName.get("ShopPaymentFailuresHigh"))
                .contains("outcome=\"failed\"")
                .contains("succeeded|declined|failed");
    }

    @Test
    void tellsInTheStuckOrdersRunbookThatTheTimeoutJobShouldHaveCancelledThem() throws IOException {
        var stuck = rules().stream()
                .filter(rule -> "ShopOrdersStuck".equals(rule.get("alert")))
                .findFirst()
                .orElseThrow();

        assertThat(stuck.get("for")).isEqualTo("20m");
        assertThat(String.valueOf(Manifests.at(stuck, "annotations.runbook")))
                .contains("15 minutes")
                .contains("timeout job is not running");
    }
}
