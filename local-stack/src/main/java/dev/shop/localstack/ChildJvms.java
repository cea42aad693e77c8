package dev.shop.localstack;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** What the stack's child JVMs (the Kafka broker, the object store, the services) share. */
final class ChildJvms {

    private ChildJvms() {}

    /** The {@code java} this JVM runs on, for a child to run on the same. */
    static String java() {
        return ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /**
     * In a child: exits the JVM when the parent's pipe on standard input closes, so a parent that dies, even by
     * {@code kill -9}, leaves no orphan. {@code System.exit} runs the child's shutdown hooks.
     */
    static void exitWhenParentGoes() {
        var watchdog = new Thread(
                () -> {
                    try {
                        while (System.in.read() != -1) {
                            // the parent never writes; EOF means it is gone
                        }
                    } catch (IOException ignored) {
                        // a broken pipe means the same
                    }
                    System.exit(0);
                },
                "parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    /** Asks {@code process} to end (SIGTERM) and kills it when it has not after {@code grace}. */
    static void stop(Process process, Duration grace) {
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
