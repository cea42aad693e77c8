package dev.shop.localstack;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The settings the services run with under {@code ./shop up}, picked by {@code SHOP_SETTINGS}:
 *
 * <ul>
 *   <li>{@code local} (the default): a small heap with a young generation of its own size (a busy service collects
 *       it a few times a second, and a larger one is collected less often for the same work), and every request
 *       traced, as the services' defaults have it;
 *   <li>{@code chart}: what the Helm chart ships, for measuring what a deployment costs: the JVM as it sizes itself
 *       in a pod with the chart's memory limit (768 MiB, {@code -XX:MaxRAMPercentage=75}; the serial collector, as
 *       the JVM picks it under 1792 MiB) and a tenth of the traces sampled.
 * </ul>
 */
enum Settings {
    LOCAL(List.of("-Xms64m", "-Xmx384m", "-Xmn128m", "-XX:+UseSerialGC"), Map.of()),
    CHART(
            List.of("-XX:MaxRAM=768m", "-XX:MaxRAMPercentage=75", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError"),
            Map.of("MANAGEMENT_TRACING_SAMPLING_PROBABILITY", "0.1"));

    private final List<String> jvmFlags;
    private final Map<String, String> environment;

    Settings(List<String> jvmFlags, Map<String, String> environment) {
        this.jvmFlags = jvmFlags;
        this.environment = environment;
    }

    List<String> jvmFlags() {
        return jvmFlags;
    }

    Map<String, String> environment() {
        return environment;
    }

    /** Those named by {@code SHOP_SETTINGS} ({@code local} when unset). */
    static Settings current() {
        var name = System.getenv().getOrDefault("SHOP_SETTINGS", "local");
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new StartupException("SHOP_SETTINGS is " + name + ": it is local (the default) or chart");
        }
    }
}
