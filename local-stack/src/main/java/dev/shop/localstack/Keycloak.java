package dev.shop.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.lang.ProcessBuilder.Redirect;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A real Keycloak 26 ({@code kc.sh start-dev}) with the {@code shop} realm imported at start from the realm file in
 * this module. {@code --hostname} is fixed, so the issuer never depends on how a token was fetched.
 */
public final class Keycloak implements AutoCloseable {

    public static final String REALM = "shop";
    public static final String ADMIN_USERNAME = "admin";
    public static final String ADMIN_PASSWORD = "admin";
    /** The confidential client of auth-service; its secret is for the local stack only. */
    public static final String AUTH_CLIENT_ID = "shop-auth";

    public static final String AUTH_CLIENT_SECRET = "shop-auth-local-secret";

    private static final Duration START_TIMEOUT = Duration.ofMinutes(4); // the first start also builds
    private static final int MIN_JAVA = 21;

    private final StackConfig config;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private @Nullable Process process;

    Keycloak(StackConfig config) {
        this.config = config;
    }

    /** Launches the server without waiting for it; {@link #awaitReady()} waits. */
    void launch() {
        if (Runtime.version().feature() < MIN_JAVA) {
            throw new StartupException("Keycloak needs JDK " + MIN_JAVA + " or newer, but this runs on "
                    + Runtime.version() + ": set JAVA_HOME to a JDK 21+.");
        }
        Ports.requireFree("Keycloak", config.keycloakPort(), "SHOP_KEYCLOAK_PORT");
        Ports.requireFree("Keycloak management", config.keycloakManagementPort(), "SHOP_KEYCLOAK_MANAGEMENT_PORT");
        var home = KeycloakDistribution.unpackedUnder(config.keycloakHome());
        try {
            stopLeftover(home);
            var imports = home.resolve("data/import");
            Files.createDirectories(imports);
            try (InputStream realm = Keycloak.class.getResourceAsStream("/keycloak/shop-realm.json")) {
                if (realm == null) {
                    throw new StartupException("The realm file keycloak/shop-realm.json is missing from local-stack");
                }
                Files.copy(realm, imports.resolve("shop-realm.json"), StandardCopyOption.REPLACE_EXISTING);
            }
            var log = config.logFile("keycloak");
            Files.createDirectories(log.getParent());
            var command = new ArrayList<>(List.of(
                    home.resolve("bin/kc.sh").toString(),
                    "start-dev",
                    "--http-host=127.0.0.1",
                    "--http-port=" + config.keycloakPort(),
                    "--http-management-port=" + config.keycloakManagementPort(),
                    "--hostname=" + baseUrl(),
                    "--health-enabled=true",
                    "--metrics-enabled=true",
                    "--import-realm",
                    // tests want a fresh realm at every start; the local run keeps its users
                    "--db=" + (config.persistent() ? "dev-file" : "dev-mem")));
            var builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(Redirect.appendTo(log.toFile()));
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            builder.environment().put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
            // the classes a start loaded, kept for the next start (written when Keycloak stops), as for the services
            builder.environment()
                    .put(
                            "JAVA_OPTS_APPEND",
                            "-XX:+AutoCreateSharedArchive -XX:SharedArchiveFile=" + home.resolve("keycloak.jsa")
                                    + " -Xlog:cds=off,cds+dynamic=off");
            builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USERNAME);
            builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
            var started = builder.start();
            process = started;
            Leftovers.remember(pidFile(home), started.pid());
        } catch (IOException e) {
            throw new StartupException("Keycloak did not start: " + e.getMessage(), e);
        }
    }

    /** Waits until Keycloak reports ready on its management port (health checks include the database). */
    void awaitReady() {
        var deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        var ready = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + config.keycloakManagementPort() + "/health/ready"))
                .timeout(Duration.ofSeconds(2))
                .build();
        while (System.nanoTime() < deadline) {
            var running = process;
            if (running == null || !running.isAlive()) {
                throw new StartupException("Keycloak exited while starting (see " + config.logFile("keycloak") + ")");
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StartupException("Interrupted while waiting for Keycloak", e);
            }
            pause();
        }
        stop();
        throw new StartupException("Keycloak was not ready within " + START_TIMEOUT.toSeconds() + " s (see "
                + config.logFile("keycloak") + ")");
    }

    /** Starts Keycloak and waits until it is ready; does nothing when it already runs. */
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        launch();
        awaitReady();
    }

    public boolean isRunning() {
        var running = process;
        return running != null && running.isAlive();
    }

    /**
     * Freezes the server ({@code SIGSTOP} to it and every process it started): connections are still accepted by the
     * kernel, nothing answers them, as with a server that hangs. {@link #thaw()} lets it go on. For fault tests: the
     * local server keeps its realm in memory, so a real stop would lose the users and the signing keys.
     */
    public void freeze() {
        signal("STOP");
    }

    public void thaw() {
        signal("CONT");
    }

    private void signal(String signal) {
        var running = process;
        if (running == null || !running.isAlive()) {
            throw new IllegalStateException("Keycloak is not running");
        }
        signal(running, signal);
    }

    private static void signal(Process running, String signal) {
        var pids = new ArrayList<String>();
        pids.add(Long.toString(running.pid()));
        running.descendants().forEach(child -> pids.add(Long.toString(child.pid())));
        var command = new ArrayList<>(List.of("kill", "-" + signal));
        command.addAll(pids);
        try {
            var kill = new ProcessBuilder(command).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pids + " failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException("Could not run kill", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return config.keycloakPort();
    }

    /** Where browsers and services reach Keycloak; also the host part of every token's issuer. */
    public String baseUrl() {
        return "http://localhost:" + config.keycloakPort();
    }

    public String issuerUri() {
        return baseUrl() + "/realms/" + REALM;
    }

    public String tokenUri() {
        return issuerUri() + "/protocol/openid-connect/token";
    }

    public String jwkSetUri() {
        return issuerUri() + "/protocol/openid-connect/certs";
    }

    public void stop() {
        var running = process;
        process = null;
        if (running == null) {
            return;
        }
        if (running.isAlive()) {
            signal(running, "CONT"); // a frozen server would hold SIGTERM until it runs again
        }
        running.destroy();
        try {
            if (!running.waitFor(30, TimeUnit.SECONDS)) {
                running.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            running.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }

    private static Path pidFile(Path home) {
        return home.resolve("data/shop-keycloak.pid");
    }

    private static void stopLeftover(Path home) {
        Leftovers.stopIfRunning(pidFile(home), home.toString());
    }

    private static void pause() {
        try {
            Thread.sleep(250); // polling a starting server from the launcher thread, not from an event loop
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
