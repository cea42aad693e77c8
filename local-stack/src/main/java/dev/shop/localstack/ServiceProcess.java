package dev.shop.localstack;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * One of the shop's services, run from its Spring Boot jar with the {@code local} profile against the local stack,
 * and ready when its actuator health (on its management port) says so.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

    private final String name;
    private final int port;
    private final int managementPort;
    private final Path jar;
    private final StackConfig config;
    private final Map<String, String> environment;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private @Nullable Process process;

    /**
     * @param port the API's port
     * @param managementPort the actuator's port (health, metrics)
     */
    public ServiceProcess(String name, int port, int managementPort, Path jar, StackConfig config) {
        this(name, port, managementPort, jar, config, Map.of());
    }

    private ServiceProcess(
            String name, int port, int managementPort, Path jar, StackConfig config, Map<String, String> environment) {
        this.name = name;
        this.port = port;
        this.managementPort = managementPort;
        this.jar = jar;
        this.config = config;
        this.environment = Map.copyOf(environment);
    }

    /**
     * The same service with more environment variables for its process, e.g. the other services' ports
     * ({@code SHOP_CATALOG_SERVICE_PORT}) or {@code JAVA_TOOL_OPTIONS}.
     */
    public ServiceProcess withEnvironment(Map<String, String> more) {
        var merged = new HashMap<>(environment);
        merged.putAll(more);
        return new ServiceProcess(name, port, managementPort, jar, config, merged);
    }

    /**
     * The variables through which a service's {@code local} profile finds the stack (its defaults are the fixed
     * local ports; a stack on other ports passes them on).
     */
    static Map<String, String> stackEnvironment(StackConfig config) {
        var env = new HashMap<String, String>();
        env.put("SHOP_POSTGRES_PORT", Integer.toString(config.postgresPort()));
        env.put("SHOP_REDIS_PORT", Integer.toString(config.redisPort()));
        env.put("SHOP_KAFKA_PORT", Integer.toString(config.kafkaPort()));
        env.put("SHOP_KEYCLOAK_PORT", Integer.toString(config.keycloakPort()));
        env.put("SHOP_SIMULATOR_PORT", Integer.toString(config.simulatorPort()));
        env.put("SHOP_SMTP_PORT", Integer.toString(config.smtpPort()));
        env.put("SHOP_IMAP_PORT", Integer.toString(config.imapPort()));
        env.put("SHOP_OBJECT_STORE_PORT", Integer.toString(config.objectStorePort()));
        return env;
    }

    /** Parses {@code name:port:managementPort:jar}, as {@code ./shop} passes it. */
    public static ServiceProcess parse(String spec, StackConfig config) {
        var parts = spec.split(":", 4);
        if (parts.length != 4) {
            throw new StartupException("Not a service spec (name:port:managementPort:jar): " + spec);
        }
        return new ServiceProcess(
                parts[0], Integer.parseInt(parts[1]), Integer.parseInt(parts[2]), Path.of(parts[3]), config);
    }

    public String name() {
        return name;
    }

    public String url() {
        return "http://localhost:" + port;
    }

    /** The API's port. */
    public int port() {
        return port;
    }

    /**
     * The service this process is an instance of: its name without the replica number {@code ./shop} appends to the
     * second and further instances ({@code cart-service-2} is an instance of {@code cart-service}).
     */
    public String service() {
        return name.replaceFirst("-\\d+$", "");
    }

    /** Where its actuator answers (health, metrics): not on the API's port. */
    public String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    /**
     * The service's command line. A jar extracted from its Spring Boot jar ({@code java -Djarmode=tools extract}: the
     * application jar beside a {@code lib} directory, as {@code ./shop} runs them) starts with a class data archive of
     * its own ({@code <name>.jsa} beside it): the JVM writes it when the service stops and maps it at the next start,
     * which then loads and links most classes from it instead of from the jars. A Spring Boot jar cannot be archived
     * (its classes sit in nested jars) and runs without.
     */
    List<String> command(String java, Settings settings) {
        var command = new ArrayList<String>();
        command.add(java);
        command.addAll(settings.jvmFlags());
        if (Files.isDirectory(jar.resolveSibling("lib"))) {
            command.add("-XX:+AutoCreateSharedArchive");
            command.add("-XX:SharedArchiveFile=" + jar.resolveSibling(name + ".jsa"));
            command.add("-Xlog:cds=off,cds+dynamic=off"); // a missing or stale archive is no warning: it is rewritten
        }
        command.addAll(List.of(
                "-jar",
                jar.toString(),
                "--spring.profiles.active=local",
                "--server.port=" + port,
                "--management.server.port=" + managementPort));
        return command;
    }

    /** Starts the service's JVM; {@link #awaitReady()} waits for it. */
    public void launch() {
        Leftovers.stopIfRunning(pidFile(), jar.toString());
        Ports.requireFree(name, port, "the service's port (see README)");
        Ports.requireFree(name, managementPort, "the service's management port (see README)");
        if (!Files.isRegularFile(jar)) {
            throw new StartupException(name + " is not built (" + jar + "): run ./shop up again to build it.");
        }
        try {
            var log = config.logFile(name);
            Files.createDirectories(log.getParent());
            var builder = new ProcessBuilder(command(ChildJvms.java(), Settings.current()))
                    .redirectErrorStream(true)
                    .redirectOutput(Redirect.appendTo(log.toFile()));
            builder.environment().putAll(stackEnvironment(config));
            builder.environment().putAll(Settings.current().environment());
            builder.environment().putAll(environment);
            var started = builder.start();
            process = started;
            Leftovers.remember(pidFile(), started.pid());
        } catch (IOException e) {
            throw new StartupException(name + " did not start: " + e.getMessage(), e);
        }
    }

    /** Waits until the service's health is UP; fails when it exits or takes too long. */
    public void awaitReady() {
        var health = HttpRequest.newBuilder(URI.create(managementUrl() + "/actuator/health"))
                .timeout(Duration.ofSeconds(2))
                .build();
        var deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            var running = process;
            if (running == null || !running.isAlive()) {
                throw new StartupException(name + " exited while starting (see " + config.logFile(name) + ")");
            }
            try {
                if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StartupException("Interrupted while waiting for " + name, e);
            }
            try {
                Thread.sleep(250); // the launcher's own thread polls; nothing reactive runs here
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StartupException("Interrupted while waiting for " + name, e);
            }
        }
        throw new StartupException(name + " was not healthy within " + START_TIMEOUT.toSeconds() + " s (see "
                + config.logFile(name) + ")");
    }

    /** Whether the service's JVM runs (launched, and neither stopped nor killed since). */
    public boolean isRunning() {
        var running = process;
        return running != null && running.isAlive();
    }

    /** Ends the process at once ({@code kill -9}): no shutdown hook runs, as when the machine or the JVM crashes. */
    public void kill() {
        var running = process;
        process = null;
        if (running == null) {
            return;
        }
        running.destroyForcibly();
        try {
            running.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closeAll(List.of(this));
    }

    /**
     * Stops the services together: SIGTERM to each (Spring Boot shuts down gracefully), then waits for all, each given
     * at most 30 s before it is killed. One after the other, five services took about a minute to stop.
     */
    public static void closeAll(List<ServiceProcess> services) {
        var stopping = new ArrayList<Process>();
        for (var service : services) {
            var running = service.process;
            service.process = null;
            if (running != null) {
                running.destroy();
                stopping.add(running);
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try {
            for (var running : stopping) {
                long left = Math.max(0, deadline - System.nanoTime());
                if (!running.waitFor(left, TimeUnit.NANOSECONDS)) {
                    running.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            stopping.forEach(Process::destroyForcibly);
            Thread.currentThread().interrupt();
        }
    }

    private Path pidFile() {
        return config.runDir().resolve(name + ".pid");
    }
}
