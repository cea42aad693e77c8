package dev.shop.localstack;

/**
 * Entry point of the broker's child JVM: runs {@code kafka.Kafka} and exits when the parent's pipe
 * on standard input closes, so a parent that dies, even by {@code kill -9}, leaves no orphan broker.
 */
public final class KafkaBrokerMain {

    private KafkaBrokerMain() {}

    public static void main(String[] args) throws Exception {
        ChildJvms.exitWhenParentGoes(); // runs Kafka's shutdown hook then: a controlled shutdown
        kafka.Kafka.main(args);
    }
}
