package dev.shop.localstack;

import java.io.IOException;

/**
 * Entry point of the broker's child JVM: runs {@code kafka.Kafka} and exits when the parent's pipe
 * on standard input closes, so a parent that dies, even by {@code kill -9}, leaves no orphan broker.
 */
public final class KafkaBrokerMain {

    private KafkaBrokerMain() {}

    public static void main(String[] args) throws Exception {
        var watchdog = new Thread(KafkaBrokerMain::exitWhenParentGoes, "parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        kafka.Kafka.main(args);
    }

    private static void exitWhenParentGoes() {
        try {
            while (System.in.read() != -1) {
                // the parent never writes; EOF means it is gone
            }
        } catch (IOException ignored) {
            // a broken pipe means the same
        }
        System.exit(0); // runs Kafka's shutdown hook: a controlled shutdown
    }
}
