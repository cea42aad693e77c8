package dev.shop.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import org.jspecify.annotations.Nullable;
import redis.embedded.RedisServer;

/** A real Redis server (the redis-server binary shipped by embedded-redis). */
public final class Redis implements AutoCloseable {

    private final StackConfig config;
    private @Nullable RedisServer server;
    private @Nullable Writer log;

    Redis(StackConfig config) {
        this.config = config;
    }

    void start() {
        Ports.requireFree("Redis", config.redisPort(), "SHOP_REDIS_PORT");
        try {
            var dataDir = config.dataDir("redis");
            Files.createDirectories(dataDir);
            Files.createDirectories(config.logFile("redis").getParent());
            var logWriter = log != null
                    ? log
                    : Files.newBufferedWriter(
                            config.logFile("redis"), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            log = logWriter;
            var builder = RedisServer.newRedisServer()
                    .port(config.redisPort())
                    .bind("127.0.0.1")
                    .setting("dir " + dataDir)
                    .setting("maxmemory 256mb")
                    .setting("maxmemory-policy allkeys-lru")
                    .soutListener(line -> write(logWriter, line))
                    .serrListener(line -> write(logWriter, line));
            if (config.persistent()) {
                builder.setting("save 60 1");
            } else {
                builder.setting("save \"\"").setting("appendonly no");
            }
            var redis = builder.build();
            redis.start();
            server = redis;
            ProcessHandle.current()
                    .children()
                    .filter(child -> child.info().command().orElse("").contains("redis-server"))
                    .forEach(child -> Leftovers.remember(Leftovers.redisPidFile(config), child.pid()));
        } catch (IOException | RuntimeException e) {
            throw new StartupException(
                    "Redis did not start: " + Postgres.rootMessage(e) + " (see " + config.logFile("redis") + ")", e);
        }
    }

    public int port() {
        return config.redisPort();
    }

    public String url() {
        return "redis://127.0.0.1:" + port();
    }

    /** Stops the server; {@link #restart()} brings it back on the same port (for fault tests). */
    public void stop() {
        var running = server;
        server = null;
        if (running != null) {
            try {
                running.stop();
            } catch (IOException e) {
                throw new UncheckedIOException("Redis did not stop cleanly", e);
            }
        }
    }

    public void restart() {
        stop();
        start();
    }

    public boolean isRunning() {
        var running = server;
        return running != null && running.isActive();
    }

    @Override
    public void close() {
        stop();
        var writer = log;
        log = null;
        if (writer != null) {
            try {
                writer.close();
            } catch (IOException ignored) {
                // the log is best effort
            }
        }
    }

    private static void write(Writer writer, String line) {
        try {
            writer.write(line);
            writer.write(System.lineSeparator());
            writer.flush();
        } catch (IOException ignored) {
            // the log is best effort; Redis keeps running
        }
    }
}
