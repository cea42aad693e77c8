package dev.shop.deploy;

import static dev.shop.deploy.Manifests.at;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What every service's own configuration must say, whichever way it is deployed. */
class ServiceConfigurationTest {

    @Test
    void noServicePushesMetricsToAnOtlpReceiver() throws IOException {
        // metrics are scraped from /actuator/prometheus; the OpenTelemetry starter's OTLP registry would record every
        // meter a second time and warn every minute when no receiver listens on localhost
        assertThat(inEveryService("management.otlp.metrics.export.enabled"))
                .hasSize(ComposeFileTest.SERVICES.size())
                .allSatisfy((service, value) -> assertThat(value).as(service).isEqualTo(false));
    }

    @Test
    void everyServiceRestoresTheTraceToThreadLocalsOnlyWhereAsked() throws IOException {
        // "auto" restores the Reactor context to thread locals on every signal of every operator, the largest cost in a
        // profile of cart-service under the checkout benchmark; log lines get the trace through common's InTrace
        assertThat(inEveryService("spring.reactor.context-propagation"))
                .hasSize(ComposeFileTest.SERVICES.size())
                .allSatisfy((service, value) -> assertThat(value).as(service).isEqualTo("limited"));
    }

    /** The value at {@code path} of each service's application.yml, by service. */
    private static Map<String, Object> inEveryService(String path) throws IOException {
        var values = new LinkedHashMap<String, Object>();
        for (String service : ComposeFileTest.SERVICES) {
            var file = ComposeFileTest.ROOT.resolve(service + "/src/main/resources/application.yml");
            values.put(service, at(Manifests.parse(Files.readString(file)).getFirst(), path));
        }
        return values;
    }
}
