package dev.shop.e2e;

import dev.shop.localstack.LocalStack;
import dev.shop.localstack.LocalStackMain;
import dev.shop.localstack.Ports;
import dev.shop.localstack.ServiceProcess;
import dev.shop.localstack.test.SharedLocalStack;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;

/**
 * The whole shop as a client meets it: the local stack (PostgreSQL, Redis, Kafka, Keycloak, the payment simulator,
 * the mail server) on free ports, and the services started from the jars the build just made, as separate JVMs: two
 * instances of each service ({@code shop.e2e.replicas}, as {@code SHOP_REPLICAS=2 ./shop up}) behind one gateway that
 * balances over them. Started once per test JVM by the first test that asks, stopped when the JVM exits.
 */
final class ShopUnderTest {

    static final List<String> SERVICES =
            List.of("auth-service", "catalog-service", "cart-service", "payment-service", "gateway");

    /** Instances of each service behind the gateway (the gateway itself runs once). */
    static final int REPLICAS = Integer.getInteger("shop.e2e.replicas", 2);

    private static @Nullable ShopUnderTest running;

    private final LocalStack stack;
    private final Map<String, List<ServiceProcess>> instances;

    private ShopUnderTest(LocalStack stack, Map<String, List<ServiceProcess>> instances) {
        this.stack = stack;
        this.instances = instances;
    }

    static synchronized ShopUnderTest get() {
        var shop = running;
        if (shop == null) {
            shop = start();
            running = shop;
        }
        return shop;
    }

    private static ShopUnderTest start() {
        var stack = SharedLocalStack.get();
        stack.keycloak().start();
        stack.simulator().start();
        stack.mail().start();
        stack.objectStore().start();
        var instances = new LinkedHashMap<String, List<ServiceProcess>>();
        var environment = new LinkedHashMap<String, String>();
        for (var service : SERVICES) {
            var replicas = new ArrayList<ServiceProcess>();
            for (int replica = 1; replica <= (service.equals("gateway") ? 1 : REPLICAS); replica++) {
                var name = replica == 1 ? service : service + "-" + replica;
                replicas.add(new ServiceProcess(name, Ports.free(), Ports.free(), jar(service), stack.config()));
            }
            instances.put(service, replicas);
            environment.put(
                    "SHOP_" + service.toUpperCase(Locale.ROOT).replace('-', '_') + "_PORT",
                    Integer.toString(replicas.getFirst().port()));
        }
        var all = instances.values().stream().flatMap(List::stream).toList();
        var gatewayPort = instances.get("gateway").getFirst().port();
        StorefrontClient.allow(stack.keycloak(), "http://localhost:" + gatewayPort);
        // the services' JVMs need no peak performance here: C1 only starts them faster on two cores
        environment.put("JAVA_TOOL_OPTIONS", "-XX:TieredStopAtLevel=1 -Xss512k");
        environment.putAll(E2eSettings.serviceEnvironment());
        // the provider's signed webhooks reach payment-service too, as in ./shop up
        stack.simulator()
                .webhooks()
                .target(URI.create("http://127.0.0.1:"
                        + instances.get("payment-service").getFirst().port() + "/api/payments/webhook"));
        var gatewayEnvironment = new LinkedHashMap<>(environment);
        gatewayEnvironment.putAll(LocalStackMain.gatewayInstances(all));
        instances.replaceAll((service, replicas) -> replicas.stream()
                .map(instance -> instance.withEnvironment(service.equals("gateway") ? gatewayEnvironment : environment))
                .toList());
        var processes = instances.values().stream().flatMap(List::stream).toList();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> closeAll(processes), "e2e-shutdown"));
        try {
            processes.forEach(ServiceProcess::launch);
            processes.forEach(ServiceProcess::awaitReady);
        } catch (RuntimeException e) {
            // a shop that did not start leaves nothing running: the next test class starts a whole one again
            closeAll(processes);
            throw e;
        }
        return new ShopUnderTest(stack, instances);
    }

    /** Stops every process at once (each gets SIGTERM and its graceful shutdown), not one after the other. */
    private static void closeAll(List<ServiceProcess> processes) {
        try (var stopping = Executors.newVirtualThreadPerTaskExecutor()) {
            processes.forEach(process -> stopping.submit(process::close));
        }
    }

    private static Path jar(String service) {
        var root = Path.of(System.getProperty("shop.root", ".."));
        var jar = root.resolve(service)
                .resolve("target")
                .resolve(service + "-" + System.getProperty("shop.version", "0.1.0-SNAPSHOT") + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    jar + " is missing: the e2e tests run the built services (mvn verify builds them first)");
        }
        return jar;
    }

    /** The gateway's base URL: everything a client does goes through it. */
    String gatewayUrl() {
        return "http://127.0.0.1:" + first("gateway").port();
    }

    /** A service's own base URL (its first instance), behind the gateway. */
    String serviceUrl(String service) {
        return "http://127.0.0.1:" + first(service).port();
    }

    /** A service's management URL (health, metrics; its first instance): what an operator reads, never clients. */
    String managementUrl(String service) {
        return first(service).managementUrl();
    }

    /** Every instance of a service, the first one first. */
    List<ServiceProcess> instances(String service) {
        var replicas = instances.get(service);
        if (replicas == null) {
            throw new IllegalArgumentException("no service " + service + " in " + SERVICES);
        }
        return replicas;
    }

    private ServiceProcess first(String service) {
        return instances(service).getFirst();
    }

    /** Where each instance of a service writes its log (one JSON object per line). */
    List<Path> logFiles(String service) {
        return instances(service).stream()
                .map(instance -> stack.config().logFile(instance.name()))
                .toList();
    }

    LocalStack stack() {
        return stack;
    }
}
