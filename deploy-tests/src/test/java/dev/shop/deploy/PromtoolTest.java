package dev.shop.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The alert rules checked by Prometheus' own tool: {@code promtool check rules} parses every expression and template,
 * {@code promtool test rules} runs the unit tests of {@code shop-alerts.test.yaml} (each paging alert fires on the
 * series that should fire it, after its {@code for}, with its labels and rendered annotations, and stays quiet on the
 * others). promtool comes with Debian's {@code prometheus} package, which {@code .ci/run} installs.
 */
class PromtoolTest {

    private static final Path ALERTS = MonitoredMetrics.ALERT_RULES.getParent();

    @Test
    void acceptsTheAlertRules() throws Exception {
        var check = promtool("check", "rules", "shop-alerts.yaml");

        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output()).contains("SUCCESS");
    }

    @Test
    void passesTheAlertsUnitTests() throws Exception {
        var test = promtool("test", "rules", "shop-alerts.test.yaml");

        assertThat(test.exitCode()).as(test.output()).isZero();
        assertThat(test.output()).contains("SUCCESS").doesNotContain("FAILED");
    }

    private record Run(int exitCode, String output) {}

    private static Run promtool(String... arguments) throws IOException, InterruptedException {
        var command = new ArrayList<String>();
        command.add(executable());
        command.addAll(List.of(arguments));
        var log = Files.createTempFile("promtool", ".log");
        try {
            var process = new ProcessBuilder(command)
                    .directory(ALERTS.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            boolean finished = process.waitFor(60, TimeUnit.SECONDS);
            var output = Files.readString(log, StandardCharsets.UTF_8);
            if (!finished) {
                process.destroyForcibly();
                throw new IllegalStateException("promtool did not finish within 60 s: " + output);
            }
            return new Run(process.exitValue(), output);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static String executable() {
        var onPath = List.of(System.getenv().getOrDefault("PATH", "").split(":")).stream()
                .map(dir -> Path.of(dir, "promtool"))
                .filter(Files::isExecutable)
                .findFirst();
        return onPath.map(Path::toString)
                .orElseThrow(
                        () -> new IllegalStateException(
                                "promtool is missing: apt-get install prometheus (Debian's package ships it; .ci/run installs it)"));
    }
}
