package dev.shop.localstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** A real PostgreSQL 17 server (zonky binaries) with one database per service. */
public final class Postgres implements AutoCloseable {

    public static final String USER = "postgres";
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    private final StackConfig config;
    private @Nullable EmbeddedPostgres server;

    Postgres(StackConfig config) {
        this.config = config;
    }

    void start() {
        Ports.requireFree("PostgreSQL", config.postgresPort(), "SHOP_POSTGRES_PORT");
        try {
            var dataDir = config.dataDir("postgres");
            Files.createDirectories(dataDir.getParent());
            Files.createDirectories(config.logFile("postgres").getParent());
            var log = Redirect.appendTo(config.logFile("postgres").toFile());
            var builder = EmbeddedPostgres.builder()
                    .setPort(config.postgresPort())
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(!config.persistent())
                    .setRegisterShutdownHook(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setOverrideWorkingDirectory(config.baseDir().resolve("bin").toFile())
                    .setOutputRedirector(log)
                    .setErrorRedirector(log)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "300");
            if (!config.persistent()) {
                // tests throw the data away: durability only costs time there
                builder.setServerConfig("fsync", "off")
                        .setServerConfig("synchronous_commit", "off")
                        .setServerConfig("full_page_writes", "off");
            }
            server = builder.start();
        } catch (IOException | RuntimeException e) {
            throw new StartupException(
                    "PostgreSQL did not start: " + rootMessage(e) + " (see " + config.logFile("postgres") + ")", e);
        }
        config.databases().forEach(this::createDatabase);
    }

    /** Creates {@code name} unless it exists; services own their schema through Flyway. */
    public void createDatabase(String name) {
        if (!DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Not a plain database name: " + name);
        }
        try (var connection = DriverManager.getConnection(jdbcUrl("postgres"), USER, "");
                var exists = connection.prepareStatement("select 1 from pg_database where datname = ?")) {
            exists.setString(1, name);
            try (var rows = exists.executeQuery()) {
                if (rows.next()) {
                    return;
                }
            }
            try (var create = connection.createStatement()) {
                create.execute("create database " + name);
            }
        } catch (SQLException e) {
            throw new StartupException("Could not create database " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * Restarts the server as an operator would ({@code pg_ctl restart -m fast}: open transactions are rolled back and
     * clients disconnected), keeping its data; returns once it accepts connections again. For fault tests.
     */
    public void restart() {
        if (server == null) {
            throw new IllegalStateException("PostgreSQL is not running");
        }
        var pgCtl = pgCtl();
        var command = new ArrayList<String>();
        if (LinuxUtils.isUnshareAvailable()) {
            // PostgreSQL refuses to run as root: zonky starts it in a user namespace of its own, and so does this
            command.addAll(List.of("unshare", "-U"));
        }
        command.addAll(List.of(
                pgCtl.toString(),
                "restart",
                "-D",
                config.dataDir("postgres").toString(),
                "-m",
                "fast",
                "-w",
                "-t",
                "60"));
        try {
            // the restarted server inherits pg_ctl's output: a file, never a pipe nobody reads
            var log = Redirect.appendTo(config.logFile("postgres").toFile());
            var restarting = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log)
                    .start();
            if (!restarting.waitFor(90, TimeUnit.SECONDS)) {
                restarting.destroyForcibly();
                throw new IllegalStateException("pg_ctl restart did not return within 90 s");
            }
            if (restarting.exitValue() != 0) {
                throw new IllegalStateException("pg_ctl restart failed with exit code " + restarting.exitValue()
                        + " (see " + config.logFile("postgres") + ")");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not run " + pgCtl, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while PostgreSQL restarted", e);
        }
    }

    /**
     * The {@code pg_ctl} beside the {@code postgres} binary the running server was started from (the first word of its
     * {@code postmaster.opts}), so that a base directory holding several unpacked versions restarts the right one.
     */
    private Path pgCtl() {
        var opts = config.dataDir("postgres").resolve("postmaster.opts");
        try {
            var postgres = Path.of(Files.readString(opts).strip().split("\\s+", 2)[0]);
            var pgCtl = postgres.resolveSibling("pg_ctl");
            if (!Files.isExecutable(pgCtl)) {
                throw new IllegalStateException("no pg_ctl beside " + postgres);
            }
            return pgCtl;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + opts, e);
        }
    }

    public int port() {
        return config.postgresPort();
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    public String r2dbcUrl(String database) {
        return "r2dbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    public String username() {
        return USER;
    }

    @Override
    public void close() {
        var running = server;
        server = null;
        if (running != null) {
            try {
                running.close();
            } catch (IOException e) {
                throw new IllegalStateException("PostgreSQL did not stop cleanly", e);
            }
        }
    }

    static String rootMessage(Throwable e) {
        var root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
