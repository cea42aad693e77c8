package dev.shop.deploy;

import static dev.shop.deploy.Manifests.at;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** What every service's own configuration must say, whichever way it is deployed. */
class ServiceConfigurationTest {

    @Test
    void noServicePushesMetricsToAnOtlpReceiver() throws IOException {
        for (String service : ComposeFileTest.SERVICES) {
            var file = ComposeFileTest.ROOT.resolve(service + "/src/main/resources/application.yml");
            var configuration = Manifests.parse(Files.readString(file)).getFirst();

            // metrics are scraped from /actuator/prometheus; the OpenTelemetry starter's OTLP registry would record
            // every meter a second time and warn every minute when no receiver listens on localhost
            assertThat(at(configuration, "management.otlp.metrics.export.enabled"))
                    .as("%s: management.otlp.metrics.export.enabled", service)
                    .isEqualTo(false);
        }
    }

    @Test
    void everyServiceRestoresTheTraceToThreadLocalsOnlyWhereAsked() throws IOException {
        for (String service : ComposeFileTest.SERVICES) {
            var file = ComposeFileTest.ROOT.resolve(service + "/src/main/resources/application.yml");
            var configuration = Manifests.parse(Files.readString(file)).getFirst();

            // "auto" restores the Reactor context to thread locals on every signal of every operator: about half of
            // each service's CPU under the checkout benchmark; log lines get the trace through common's InTrace
            assertThat(at(configuration, "spring.reactor.context-propagation"))
                    .as("%s: spring.reactor.context-propagation", service)
                    .isEqualTo("limited");
        }
    }
}
