package dev.shop.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./shop up}: starts the local stack in the foreground, prints where each component listens,
 * and stops everything on Ctrl-C or SIGTERM ({@code ./shop down}).
 */
public final class LocalStackMain {

    private LocalStackMain() {}

    public static void main(String[] args) throws InterruptedException {
        var baseDir = Path.of(args.length > 0 ? args[0] : ".local");
        var config = StackConfig.local(baseDir, System.getenv());
        var begin = System.nanoTime();
        LocalStack stack;
        try {
            Files.createDirectories(config.baseDir().resolve("logs"));
            println("Starting the local stack (data and logs in " + config.baseDir() + ")");
            stack = LocalStack.start(config, new ConsoleProgress());
        } catch (StartupException e) {
            System.err.println("shop: " + e.getMessage());
            System.exit(1);
            return;
        } catch (IOException e) {
            System.err.println("shop: cannot write " + config.baseDir() + ": " + e.getMessage());
            System.exit(1);
            return;
        }
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            println("Stopping the local stack...");
                            stack.close();
                            println("Stopped.");
                            stopped.countDown();
                        },
                        "local-stack-shutdown"));
        println(String.format(
                Locale.ROOT,
                "Ready in %.1f s. Logs: %s. Ctrl-C (or ./shop down) stops everything.",
                (System.nanoTime() - begin) / 1e9,
                config.baseDir().resolve("logs")));
        writeReadyMarker(config);
        stopped.await();
    }

    private static void writeReadyMarker(StackConfig config) {
        try {
            Files.createDirectories(config.runDir());
            Files.writeString(
                    config.runDir().resolve("ready"),
                    Long.toString(ProcessHandle.current().pid()));
        } catch (IOException e) {
            System.err.println("shop: could not write the ready marker: " + e.getMessage());
        }
    }

    private static void println(String line) {
        System.out.println(line);
        System.out.flush();
    }

    private static final class ConsoleProgress implements LocalStack.Progress {
        @Override
        public void starting(String component) {
            println(String.format(Locale.ROOT, "  .. %-11s starting", component));
        }

        @Override
        public void ready(String component, String address, long millis) {
            println(String.format(Locale.ROOT, "  ok %-11s %s  (%.1f s)", component, address, millis / 1000.0));
        }
    }
}
