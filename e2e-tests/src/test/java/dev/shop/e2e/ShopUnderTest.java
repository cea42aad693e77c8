package dev.shop.e2e;

import dev.shop.localstack.LocalStack;
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
import org.jspecify.annotations.Nullable;

/**
 * The whole shop as a client meets it: the local stack (PostgreSQL, Redis, Kafka, Keycloak, the payment simulator,
 * the mail server) on free ports, and the five services started from the jars the build just made, as separate JVMs, each told the
 * others' ports. Started once per test JVM by the first test that asks, stopped when the JVM exits.
 */
final class ShopUnderTest {

    static final List<String> SERVICES =
            List.of("auth-service", "catalog-service", "cart-service", "payment-service", "gateway");

    private static @Nullable ShopUnderTest running;

    private final LocalStack stack;
    private final Map<String, Integer> ports;
    private final Map<String, Integer> managementPorts;

    private ShopUnderTest(LocalStack stack, Map<String, Integer> ports, Map<String, Integer> managementPorts) {
        this.stack = stack;
        this.ports = ports;
        this.managementPorts = managementPorts;
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
        var ports = new LinkedHashMap<String, Integer>();
        var managementPorts = new LinkedHashMap<String, Integer>();
        var environment = new LinkedHashMap<String, String>();
        for (var service : SERVICES) {
            int port = Ports.free();
            ports.put(service, port);
            managementPorts.put(service, Ports.free());
            environment.put(
                    "SHOP_" + service.toUpperCase(Locale.ROOT).replace('-', '_') + "_PORT", Integer.toString(port));
        }
        StorefrontClient.allow(stack.keycloak(), "http://localhost:" + ports.get("gateway"));
        // the services' JVMs need no peak performance here: C1 only starts them faster on two cores
        environment.put("JAVA_TOOL_OPTIONS", "-XX:TieredStopAtLevel=1 -Xss512k");
        environment.putAll(E2eSettings.serviceEnvironment());
        // the provider's signed webhooks reach payment-service too, as in ./shop up
        stack.simulator()
                .webhooks()
                .target(URI.create("http://127.0.0.1:" + ports.get("payment-service") + "/api/payments/webhook"));
        var processes = new ArrayList<ServiceProcess>();
        for (var service : SERVICES) {
            processes.add(new ServiceProcess(
                            service, ports.get(service), managementPorts.get(service), jar(service), stack.config())
                    .withEnvironment(environment));
        }
        Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> processes.reversed().forEach(ServiceProcess::close), "e2e-shutdown"));
        try {
            processes.forEach(ServiceProcess::launch);
            processes.forEach(ServiceProcess::awaitReady);
        } catch (RuntimeException e) {
            // a shop that did not start leaves nothing running: the next test class starts a whole one again
            processes.reversed().forEach(ServiceProcess::close);
            throw e;
        }
        return new ShopUnderTest(stack, ports, managementPorts);
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
        return "http://127.0.0.1:" + ports.get("gateway");
    }

    /** A service's own base URL, behind the gateway. */
    String serviceUrl(String service) {
        return "http://127.0.0.1:" + port(ports, service);
    }

    /** A service's management port (health, metrics): what an operator reads, never reached by clients. */
    String managementUrl(String service) {
        return "http://127.0.0.1:" + port(managementPorts, service);
    }

    private static int port(Map<String, Integer> ports, String service) {
        var port = ports.get(service);
        if (port == null) {
            throw new IllegalArgumentException("no service " + service + " in " + SERVICES);
        }
        return port;
    }

    /** Where a service's process writes its log (one JSON object per line). */
    Path logFile(String service) {
        return stack.config().logFile(service);
    }

    LocalStack stack() {
        return stack;
    }
}
