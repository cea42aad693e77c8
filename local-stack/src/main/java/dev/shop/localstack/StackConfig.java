package dev.shop.localstack;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Where the local stack keeps its data and which ports it uses.
 *
 * @param baseDir data, logs and run files (kept across restarts for {@code ./shop up})
 * @param persistent whether data should survive a restart (tests trade durability for speed)
 * @param simulator whether the stack starts the payment-provider simulator (tests start it on demand)
 * @param simulatorPort the simulator's port (Stripe API and its admin API)
 * @param mail whether the stack starts the SMTP/IMAP server (tests start it on demand)
 * @param smtpPort the mail server's SMTP port
 * @param imapPort the mail server's IMAP port
 * @param objectStore whether the stack starts the S3-compatible object store (tests start it on demand)
 * @param objectStorePort the object store's port
 */
public record StackConfig(
        Path baseDir,
        boolean persistent,
        int postgresPort,
        int redisPort,
        int kafkaPort,
        int kafkaControllerPort,
        boolean keycloak,
        int keycloakPort,
        int keycloakManagementPort,
        Path keycloakHome,
        List<String> databases,
        List<String> topics,
        boolean simulator,
        int simulatorPort,
        boolean mail,
        int smtpPort,
        int imapPort,
        boolean objectStore,
        int objectStorePort) {

    /** One database per service, created at start. */
    public static final List<String> SERVICE_DATABASES = List.of("auth", "catalog", "cart", "payment");

    /**
     * The topics of the event contract and the dead-letter topics of their consumers
     * ({@code <topic>.<group>.dlq}); the broker runs with auto-creation off.
     */
    public static final List<String> SHOP_TOPICS = List.of(
            "catalog.products.v1",
            "orders.v1",
            "inventory.v1",
            "payments.v1",
            "users.v1",
            "catalog.products.v1.cart-service.dlq",
            "orders.v1.catalog-service.dlq",
            "orders.v1.payment-service.dlq",
            "orders.v1.cart-service.dlq",
            "inventory.v1.cart-service.dlq",
            "payments.v1.cart-service.dlq");

    public StackConfig {
        databases = List.copyOf(databases);
        topics = List.copyOf(topics);
    }

    /** The fixed local ports of ARCHITECTURE.md, each overridable by an environment variable. */
    public static StackConfig local(Path baseDir, Map<String, String> env) {
        return new StackConfig(
                baseDir.toAbsolutePath(),
                true,
                port(env, "SHOP_POSTGRES_PORT", 55432),
                port(env, "SHOP_REDIS_PORT", 56379),
                port(env, "SHOP_KAFKA_PORT", 59092),
                port(env, "SHOP_KAFKA_CONTROLLER_PORT", 59093),
                true,
                port(env, "SHOP_KEYCLOAK_PORT", 8180),
                port(env, "SHOP_KEYCLOAK_MANAGEMENT_PORT", 8181),
                baseDir.toAbsolutePath().resolve("keycloak"),
                SERVICE_DATABASES,
                SHOP_TOPICS,
                true,
                port(env, "SHOP_SIMULATOR_PORT", 12111),
                true,
                port(env, "SHOP_SMTP_PORT", 3025),
                port(env, "SHOP_IMAP_PORT", 3143),
                true,
                port(env, "SHOP_OBJECT_STORE_PORT", 19000));
    }

    /**
     * Free ports and throw-away data, for one test JVM. Keycloak and the payment simulator start only when a test asks
     * for them; its unpacked
     * distribution is shared by all test runs of the user (in {@code $XDG_CACHE_HOME/shop}, else {@code ~/.cache/shop}),
     * so its one-time build is paid once.
     */
    public static StackConfig forTests(Path baseDir) {
        return new StackConfig(
                baseDir.toAbsolutePath(),
                false,
                Ports.free(),
                Ports.free(),
                Ports.free(),
                Ports.free(),
                false,
                Ports.free(),
                Ports.free(),
                userCache().resolve("keycloak-tests"),
                SERVICE_DATABASES,
                SHOP_TOPICS,
                false,
                Ports.free(),
                false,
                Ports.free(),
                Ports.free(),
                false,
                Ports.free());
    }

    private static Path userCache() {
        var xdg = System.getenv("XDG_CACHE_HOME");
        var cache = xdg == null || xdg.isBlank() ? Path.of(System.getProperty("user.home"), ".cache") : Path.of(xdg);
        return cache.resolve("shop");
    }

    public Path dataDir(String component) {
        return baseDir.resolve("data").resolve(component);
    }

    public Path logFile(String component) {
        return baseDir.resolve("logs").resolve(component + ".log");
    }

    public Path runDir() {
        return baseDir.resolve("run");
    }

    private static int port(Map<String, String> env, String name, int defaultPort) {
        var value = env.get(name);
        if (value == null || value.isBlank()) {
            return defaultPort;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new StartupException(name + "=" + value + " is not a port number.");
        }
    }
}
