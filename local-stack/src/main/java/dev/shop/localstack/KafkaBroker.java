package dev.shop.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jspecify.annotations.Nullable;

/**
 * A real Apache Kafka broker in KRaft combined mode, in a child JVM with a fixed port and a kept log
 * directory, so it can be stopped and started again (fault tests) without losing its topics.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final int PARTITIONS = 3;

    private final StackConfig config;
    private @Nullable Process process;

    KafkaBroker(StackConfig config) {
        this.config = config;
    }

    /** Starts the broker (formatting its log directory on the first start) and waits until it answers. */
    public void start() {
        if (isRunning()) {
            return;
        }
        Ports.requireFree("Kafka", config.kafkaPort(), "SHOP_KAFKA_PORT");
        Ports.requireFree("Kafka controller", config.kafkaControllerPort(), "SHOP_KAFKA_CONTROLLER_PORT");
        try {
            var properties = writeServerProperties();
            var logbackConfig = writeLogbackConfig();
            if (!Files.exists(config.dataDir("kafka").resolve("meta.properties"))) {
                format(properties, logbackConfig);
            }
            process = javaProcess(logbackConfig, KafkaBrokerMain.class.getName(), properties.toString())
                    .redirectInput(Redirect.PIPE) // the child's watchdog ends it when this pipe closes
                    .start();
            awaitReady();
        } catch (IOException e) {
            throw new StartupException("Kafka did not start: " + e.getMessage(), e);
        }
    }

    /** Creates the topics that do not exist yet (the broker never creates them by itself). */
    public void createTopics(Collection<String> names) {
        try (var admin = admin()) {
            var existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            var missing = names.stream()
                    .filter(name -> !existing.contains(name))
                    .map(name -> new NewTopic(name, PARTITIONS, (short) 1))
                    .toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new StartupException("Could not create topics: " + Postgres.rootMessage(e), e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupException("Interrupted while creating topics", e);
        } catch (TimeoutException e) {
            throw new StartupException("Kafka did not create topics within 30 s", e);
        }
    }

    /** Stops the broker gracefully; its port and log directory stay reserved for {@link #start()}. */
    public void stop() {
        var running = process;
        process = null;
        if (running == null) {
            return;
        }
        ChildJvms.stop(running, STOP_TIMEOUT);
    }

    public void restart() {
        stop();
        start();
    }

    public boolean isRunning() {
        var running = process;
        return running != null && running.isAlive();
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + config.kafkaPort();
    }

    public @Nullable Long pid() {
        var running = process;
        return running == null ? null : running.pid();
    }

    @Override
    public void close() {
        stop();
    }

    private Admin admin() {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000));
    }

    private void awaitReady() {
        var deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        try (var admin = admin()) {
            while (System.nanoTime() < deadline) {
                var running = process;
                if (running == null || !running.isAlive()) {
                    throw new StartupException("Kafka exited while starting (see " + config.logFile("kafka") + ")");
                }
                try {
                    if (!admin.describeCluster()
                            .nodes()
                            .get(5, TimeUnit.SECONDS)
                            .isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException notYet) {
                    // still starting
                }
                Thread.sleep(200); // the launcher thread polls a starting broker; nothing reactive runs here
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupException("Interrupted while waiting for Kafka", e);
        }
        stop();
        throw new StartupException("Kafka did not answer within " + START_TIMEOUT.toSeconds() + " s (see "
                + config.logFile("kafka") + ")");
    }

    private void format(Path properties, Path logbackConfig) throws IOException {
        var formatter = javaProcess(
                        logbackConfig,
                        "kafka.tools.StorageTool",
                        "format",
                        "--cluster-id",
                        Uuid.randomUuid().toString(),
                        "--config",
                        properties.toString(),
                        "--ignore-formatted")
                .start();
        try {
            if (!formatter.waitFor(60, TimeUnit.SECONDS) || formatter.exitValue() != 0) {
                formatter.destroyForcibly();
                throw new StartupException(
                        "Formatting Kafka's log directory failed (see " + config.logFile("kafka") + ")");
            }
        } catch (InterruptedException e) {
            formatter.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new StartupException("Interrupted while formatting Kafka's log directory", e);
        }
    }

    private ProcessBuilder javaProcess(Path logbackConfig, String mainClass, String... args) throws IOException {
        var command = new ArrayList<>(List.of(
                ChildJvms.java(),
                "-Xms64m",
                "-Xmx512m",
                "-XX:+UseG1GC",
                "-Djava.awt.headless=true",
                "-Dlogback.configurationFile=" + logbackConfig,
                "-cp",
                System.getProperty("java.class.path"),
                mainClass));
        command.addAll(List.of(args));
        var log = config.logFile("kafka");
        Files.createDirectories(log.getParent());
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(Redirect.appendTo(log.toFile()));
    }

    private Path writeServerProperties() throws IOException {
        var dataDir = config.dataDir("kafka");
        Files.createDirectories(dataDir);
        var host = "127.0.0.1";
        var properties = String.join(
                "\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@" + host + ":" + config.kafkaControllerPort(),
                "listeners=PLAINTEXT://" + host + ":" + config.kafkaPort() + ",CONTROLLER://" + host + ":"
                        + config.kafkaControllerPort(),
                "advertised.listeners=PLAINTEXT://" + host + ":" + config.kafkaPort(),
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + dataDir,
                "num.partitions=" + PARTITIONS,
                "auto.create.topics.enable=false",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=10",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                // an idle controller appends a no-op record to the metadata log every 500 ms by default; one broker
                // needs it only to see the log live, and every 5 s does that at a tenth of the idle cost
                "metadata.max.idle.interval.ms=5000",
                "");
        var file = config.runDir().resolve("kafka-server.properties");
        Files.createDirectories(file.getParent());
        Files.writeString(file, properties, StandardCharsets.UTF_8);
        return file;
    }

    private Path writeLogbackConfig() {
        var file = config.runDir().resolve("kafka-logback.xml");
        var xml = """
                <configuration>
                  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{36} - %msg%n</pattern></encoder>
                  </appender>
                  <logger name="kafka" level="WARN"/>
                  <logger name="org.apache.kafka" level="WARN"/>
                  <logger name="kafka.server.KafkaRaftServer" level="INFO"/>
                  <root level="INFO"><appender-ref ref="OUT"/></root>
                </configuration>
                """;
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, xml, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
