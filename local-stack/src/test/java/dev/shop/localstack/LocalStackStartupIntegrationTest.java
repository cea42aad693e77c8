package dev.shop.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStackStartupIntegrationTest {

    @Test
    void reportsATakenPortInOneLineAndStopsWhatItHadStarted(@TempDir Path dir) throws Exception {
        var config = StackConfig.forTests(dir);
        try (var squatter = new ServerSocket(config.kafkaPort(), 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> LocalStack.start(config, LocalStack.Progress.SILENT))
                    .isInstanceOf(StartupException.class)
                    .hasMessage("Port " + config.kafkaPort()
                            + " (Kafka) is already in use: stop what uses it, or set SHOP_KAFKA_PORT to another port.");
        }
        assertThat(Ports.isFree(config.postgresPort()))
                .as("PostgreSQL was stopped")
                .isTrue();
        assertThat(Ports.isFree(config.redisPort())).as("Redis was stopped").isTrue();
    }

    @Test
    void startsThePaymentSimulatorAndTheObjectStoreWhenTheConfigAsksAndStopsThemWithTheStack(@TempDir Path dir)
            throws Exception {
        var config = new StackConfig(
                dir,
                false,
                Ports.free(),
                Ports.free(),
                Ports.free(),
                Ports.free(),
                false,
                Ports.free(),
                Ports.free(),
                dir.resolve("keycloak"),
                java.util.List.of("payment"),
                java.util.List.of("payments.v1"),
                true,
                Ports.free(),
                false,
                Ports.free(),
                Ports.free(),
                true,
                Ports.free());
        var reported = new java.util.ArrayList<String>();
        var progress = new LocalStack.Progress() {
            @Override
            public void starting(String component) {}

            @Override
            public void ready(String component, String address, long millis) {
                reported.add(component + " " + address);
            }
        };
        try (var stack = LocalStack.start(config, progress)) {
            assertThat(stack.simulator().isRunning()).isTrue();
            assertThat(Ports.isFree(config.simulatorPort())).isFalse();
            assertThat(stack.objectStore().isRunning()).isTrue();
            assertThat(Ports.isFree(config.objectStorePort())).isFalse();
        }
        assertThat(reported)
                .anyMatch(line -> line.startsWith("Payment simulator http://127.0.0.1:" + config.simulatorPort()))
                .anyMatch(line -> line.startsWith(
                        "Object store (s3proxy) http://127.0.0.1:" + config.objectStorePort() + " (S3 API, bucket"));
        assertThat(Ports.isFree(config.simulatorPort()))
                .as("stopped with the stack")
                .isTrue();
        assertThat(Ports.isFree(config.objectStorePort()))
                .as("stopped with the stack")
                .isTrue();
    }

    @Test
    void keepsPersistentDataAcrossARestart(@TempDir Path dir) throws Exception {
        var first = new StackConfig(
                dir,
                true,
                Ports.free(),
                Ports.free(),
                Ports.free(),
                Ports.free(),
                false,
                Ports.free(),
                Ports.free(),
                dir.resolve("keycloak"),
                java.util.List.of("keep"),
                java.util.List.of("kept.v1"),
                false,
                Ports.free(),
                false,
                Ports.free(),
                Ports.free(),
                false,
                Ports.free());
        try (var stack = LocalStack.start(first, LocalStack.Progress.SILENT)) {
            try (var connection = java.sql.DriverManager.getConnection(
                            stack.postgres().jdbcUrl("keep"), "postgres", "");
                    var statement = connection.createStatement()) {
                statement.execute("create table kept (value text)");
                statement.execute("insert into kept values ('still here')");
            }
        }

        try (var stack = LocalStack.start(first, LocalStack.Progress.SILENT);
                var connection =
                        java.sql.DriverManager.getConnection(stack.postgres().jdbcUrl("keep"), "postgres", "");
                var statement = connection.createStatement();
                var rows = statement.executeQuery("select value from kept")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("still here");
        }
    }
}
