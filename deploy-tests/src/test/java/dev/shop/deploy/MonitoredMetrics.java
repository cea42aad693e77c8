package dev.shop.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The metric names that the chart's Grafana dashboard and Prometheus alert rules query, so that they can be compared
 * with what the services really export: a name that no service exports leaves a panel empty and an alert silent.
 *
 * <p>The PromQL is read roughly, not parsed: string literals, label matchers, range selectors and grouping label
 * lists are dropped, then every remaining identifier that is not a function call, a keyword or a number is a metric
 * name, exactly as written ({@code http_server_requests_seconds_bucket}, not the histogram's base name).
 */
public final class MonitoredMetrics {

    /** The files of the chart in helm/shop, from any module folder of the repository. */
    public static final Path DASHBOARD = Path.of("..", "helm", "shop", "dashboards", "shop-overview.json")
            .toAbsolutePath()
            .normalize();

    public static final Path ALERT_RULES = Path.of("..", "helm", "shop", "alerts", "shop-alerts.yaml")
            .toAbsolutePath()
            .normalize();

    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern LABEL_MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
    // by (le, application), without (instance), on (status), group_left (name) ...
    private static final Pattern LABEL_LIST =
            Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern GRAFANA_VARIABLE = Pattern.compile("\\$\\{?\\w+}?");
    // a number or duration (0.99, 1e3, 5m, 0x1f) is one token, so that its letters are not taken for a name
    private static final Pattern TOKEN = Pattern.compile("\\d[\\w.]*|[A-Za-z_:][\\w:]*(\\s*\\()?");
    private static final Set<String> KEYWORDS =
            Set.of("and", "or", "unless", "bool", "offset", "atan2", "inf", "nan", "by", "without", "on", "ignoring");
    // a Grafana variable's query: label_values(metric, label) or label_values(label)
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((?:(.*),)?\\s*\\w+\\s*\\)");

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private MonitoredMetrics() {}

    /** The metric names of both files, sorted. */
    public static SortedSet<String> referencedBy(Path dashboard, Path alertRules) throws IOException {
        SortedSet<String> names = new TreeSet<>();
        for (String expression : dashboardExpressions(dashboard)) {
            names.addAll(inExpression(expression));
        }
        for (String expression : ruleExpressions(alertRules)) {
            names.addAll(inExpression(expression));
        }
        return Collections.unmodifiableSortedSet(names);
    }

    /** The metric names one PromQL expression selects. */
    public static SortedSet<String> inExpression(String promql) {
        String selectors = STRING.matcher(promql).replaceAll("\"\"");
        selectors = LABEL_MATCHERS.matcher(selectors).replaceAll(" ");
        selectors = RANGE.matcher(selectors).replaceAll(" ");
        selectors = LABEL_LIST.matcher(selectors).replaceAll(" ");
        selectors = GRAFANA_VARIABLE.matcher(selectors).replaceAll(" ");
        SortedSet<String> names = new TreeSet<>();
        Matcher token = TOKEN.matcher(selectors);
        while (token.find()) {
            String word = token.group();
            boolean numberOrCall = Character.isDigit(word.charAt(0)) || token.group(1) != null;
            if (!numberOrCall && !KEYWORDS.contains(word.toLowerCase())) {
                names.add(word);
            }
        }
        return names;
    }

    /**
     * The PromQL of a Grafana dashboard: every panel's targets (rows' panels included) and the metric of each
     * {@code label_values} variable.
     */
    public static List<String> dashboardExpressions(Path dashboard) throws IOException {
        JsonNode root = JSON.readTree(Files.readString(dashboard));
        List<String> expressions = new ArrayList<>();
        for (JsonNode panel : panels(root)) {
            for (JsonNode target : panel.path("targets")) {
                expressions.add(target.path("expr").asString(""));
            }
        }
        for (JsonNode variable : root.path("templating").path("list")) {
            JsonNode query = variable.path("query");
            Matcher labelValues =
                    LABEL_VALUES.matcher(query.isObject() ? query.path("query").asString("") : query.asString(""));
            if ("query".equals(variable.path("type").asString("")) && labelValues.matches()) {
                expressions.add(labelValues.group(1) == null ? "" : labelValues.group(1));
            }
        }
        return expressions;
    }

    /** Every panel of a dashboard, the panels inside collapsed rows included. */
    public static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            panels.add(panel);
            panels.addAll(panels(panel));
        }
        return panels;
    }

    /** The {@code expr} of every rule of a Prometheus rule file. */
    public static List<String> ruleExpressions(Path alertRules) throws IOException {
        var file = Manifests.parse(Files.readString(alertRules)).getFirst();
        List<String> expressions = new ArrayList<>();
        for (var group : Manifests.list(file.get("groups"))) {
            for (var rule : Manifests.list(group.get("rules"))) {
                expressions.add(Objects.toString(rule.get("expr"), ""));
            }
        }
        return expressions;
    }

    /** Prints the names the chart's dashboard and alerts query, one a line. */
    public static void main(String[] args) throws IOException {
        referencedBy(DASHBOARD, ALERT_RULES).forEach(System.out::println);
    }
}
