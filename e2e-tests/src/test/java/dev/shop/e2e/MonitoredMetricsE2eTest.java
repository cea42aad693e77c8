package dev.shop.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shop.deploy.MonitoredMetrics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The chart's Grafana dashboard and Prometheus alert rules watch what the services really expose: every metric name
 * their queries reference is in a scrape of the running services, taken after a purchase and a declined payment (so
 * that counters created on first use, such as payment outcomes, exist). A renamed metric fails here, not silently on
 * an operator's empty panel or an alert that can never fire.
 */
class MonitoredMetricsE2eTest {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void theDashboardAndTheAlertRulesReferenceOnlyMetricsTheServicesExpose() throws Exception {
        var shop = ShopUnderTest.get();
        var customer = ShopClient.newCustomer("metrics").client();
        for (var paymentMethod : new String[] {"pm_card_visa", "pm_card_chargeDeclined"}) {
            var product = Shopping.newProduct("Measured lamp", 1_500, 3);
            Shopping.addToCart(customer, product, 1);
            var checkout = Shopping.checkout(customer, paymentMethod);
            assertThat(checkout.status()).as(checkout.text()).isEqualTo(202);
            Shopping.awaitFinal(customer, checkout.json().path("id").asString());
        }

        var exposed = new TreeSet<String>();
        for (var service : ShopUnderTest.SERVICES) {
            exposed.addAll(metricNames(scrape(shop.managementUrl(service) + "/actuator/prometheus")));
        }
        var root = Path.of(System.getProperty("shop.root", ".."));
        var referenced = MonitoredMetrics.referencedBy(
                root.resolve("helm/shop/dashboards/shop-overview.json"),
                root.resolve("helm/shop/alerts/shop-alerts.yaml"));

        assertThat(referenced)
                .as("metrics the dashboard and the alert rules use")
                .isNotEmpty();
        assertThat(exposed)
                .as("metric names in a scrape of %s", ShopUnderTest.SERVICES)
                .containsAll(referenced);
    }

    private static String scrape(String url) throws IOException, InterruptedException {
        var response = HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(10))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s", url).isEqualTo(200);
        return response.body();
    }

    /** The names of the samples of a Prometheus text exposition ({@code name{labels} value} or {@code name value}). */
    static Set<String> metricNames(String exposition) {
        var names = new TreeSet<String>();
        exposition
                .lines()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .forEach(line -> {
                    int end = 0;
                    while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
                        end++;
                    }
                    names.add(line.substring(0, end));
                });
        return names;
    }
}
