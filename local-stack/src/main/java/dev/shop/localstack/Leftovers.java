package dev.shop.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * PostgreSQL and Redis run as their own processes; when the stack's JVM was killed outright, they
 * outlive it. The next start stops them first, so their ports and data are free again.
 */
final class Leftovers {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

    private Leftovers() {}

    static void stopFrom(StackConfig config) {
        stopIfRunning(firstLine(config.dataDir("postgres").resolve("postmaster.pid")), "postgres");
        stopIfRunning(firstLine(redisPidFile(config)), "redis-server");
    }

    static Path redisPidFile(StackConfig config) {
        return config.runDir().resolve("redis.pid");
    }

    static void remember(Path pidFile, long pid) {
        try {
            Files.createDirectories(pidFile.getParent());
            Files.writeString(pidFile, Long.toString(pid));
        } catch (IOException e) {
            // only needed to clean up after a killed run
        }
    }

    /** Stops the process named in {@code pidFile} if it still runs and its command line contains {@code marker}. */
    static void stopIfRunning(Path pidFile, String marker) {
        firstLine(pidFile)
                .flatMap(Leftovers::parse)
                .flatMap(ProcessHandle::of)
                .filter(process -> process.info().commandLine().orElse("").contains(marker))
                .ifPresent(Leftovers::stop);
    }

    private static void stopIfRunning(Optional<String> pid, String executable) {
        pid.flatMap(Leftovers::parse)
                .flatMap(ProcessHandle::of)
                .filter(process -> process.info().command().orElse("").contains(executable))
                .ifPresent(Leftovers::stop);
    }

    private static void stop(ProcessHandle process) {
        process.destroy(); // SIGTERM: every server here shuts down cleanly on it
        try {
            process.onExit().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
        }
    }

    private static Optional<String> firstLine(Path file) {
        try (var lines = Files.lines(file)) {
            return lines.findFirst().map(String::trim);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<Long> parse(String value) {
        try {
            return Optional.of(Long.parseLong(value));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
