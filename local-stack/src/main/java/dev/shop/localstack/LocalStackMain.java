package dev.shop.localstack;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * {@code ./shop up}: starts the local stack and the services (these while Keycloak starts) in the foreground, prints
 * where each one listens, and stops everything on Ctrl-C or SIGTERM ({@code ./shop down}). Arguments: the data
 * directory, then one {@code name:port:managementPort:jar} per service.
 */
public final class LocalStackMain {

    private LocalStackMain() {}

    public static void main(String[] args) throws InterruptedException {
        var baseDir = Path.of(args.length > 0 ? args[0] : ".local");
        var config = StackConfig.local(baseDir, System.getenv());
        var begin = System.nanoTime();
        LocalStack stack;
        var services = new ArrayList<ServiceProcess>();
        var started = new ArrayList<ServiceProcess>();
        var servicesBegin = new AtomicLong(System.nanoTime());
        try {
            Files.createDirectories(config.baseDir().resolve("logs"));
            println("Starting the shop (data and logs in " + config.baseDir() + ")");
            Arrays.stream(args)
                    .skip(1)
                    .map(spec -> ServiceProcess.parse(spec, config))
                    .forEach(services::add);
            services.replaceAll(service ->
                    service.name().equals("gateway") ? service.withEnvironment(gatewayInstances(services)) : service);
            // the services start while Keycloak does: they need it only for the first token they check
            stack = LocalStack.start(config, new ConsoleProgress(), () -> {
                servicesBegin.set(System.nanoTime());
                launchServices(services, started);
            });
            if (config.simulator()) {
                sendWebhooksToPaymentService(stack, System.getenv());
            }
        } catch (StartupException e) {
            System.err.println("shop: " + e.getMessage());
            ServiceProcess.closeAll(started);
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
                            println("Stopping the shop...");
                            stopAll(started, stack);
                            println("Stopped.");
                            stopped.countDown();
                        },
                        "shop-shutdown"));
        try {
            awaitServices(services, servicesBegin.get());
        } catch (StartupException e) {
            System.err.println("shop: " + e.getMessage());
            System.exit(1); // the shutdown hook stops what was started
            return;
        }
        println(String.format(
                Locale.ROOT,
                "Ready in %.1f s, using %d MB of memory (RSS of all its processes). Logs: %s.",
                (System.nanoTime() - begin) / 1e9,
                residentKilobytes(config) / 1024,
                config.baseDir().resolve("logs")));
        printWhereToStart(services, config);
        println("Ctrl-C (or ./shop down) stops everything.");
        writeReadyMarker(config);
        stopped.await();
    }

    /**
     * The simulator signs its webhooks with the secret payment-service verifies them with (both read
     * {@code STRIPE_WEBHOOK_SECRET}, both default to {@code Webhooks.DEFAULT_SECRET}) and sends them to
     * payment-service's endpoint ({@code SHOP_SIMULATOR_WEBHOOK_URL} overrides it).
     */
    static void sendWebhooksToPaymentService(LocalStack stack, Map<String, String> env) {
        var webhooks = stack.simulator().webhooks();
        var secret = env.get("STRIPE_WEBHOOK_SECRET");
        if (secret != null && !secret.isBlank()) {
            webhooks.secret(secret);
        }
        var url = env.get("SHOP_SIMULATOR_WEBHOOK_URL");
        var port = env.getOrDefault("SHOP_PAYMENT_SERVICE_PORT", "8084");
        webhooks.target(URI.create(
                url != null && !url.isBlank() ? url : "http://127.0.0.1:" + port.trim() + "/api/payments/webhook"));
        println("   Payment simulator webhooks -> " + webhooks.target());
    }

    /**
     * Tells the gateway every instance of each service it balances over (the services run as several instances with
     * {@code SHOP_REPLICAS}): {@code SPRING_CLOUD_DISCOVERY_CLIENT_SIMPLE_INSTANCES_CART_1_URI} and so on, the list
     * its {@code lb://cart} route draws from. The route's id is the service's name without {@code -service}.
     */
    public static Map<String, String> gatewayInstances(List<ServiceProcess> services) {
        var environment = new java.util.LinkedHashMap<String, String>();
        var counts = new java.util.HashMap<String, Integer>();
        for (var service : services) {
            if (service.service().equals("gateway")) {
                continue;
            }
            var id = service.service().replaceFirst("-service$", "").toUpperCase(Locale.ROOT);
            int index = counts.merge(id, 1, Integer::sum) - 1;
            environment.put(
                    "SPRING_CLOUD_DISCOVERY_CLIENT_SIMPLE_INSTANCES_" + id + "_" + index + "_URI",
                    "http://127.0.0.1:" + service.port());
        }
        return environment;
    }

    /** The addresses and logins a newcomer needs first (the demo users come with the realm file). */
    private static void printWhereToStart(List<ServiceProcess> services, StackConfig config) {
        services.stream()
                .filter(service -> service.name().equals("gateway"))
                .findFirst()
                .ifPresent(gateway -> {
                    println("  Storefront           " + gateway.url() + "/");
                    println("  Shop API (gateway)   " + gateway.url() + "/api");
                    println("  Swagger UI           " + gateway.url() + "/swagger-ui.html");
                });
        if (config.keycloak()) {
            println("  Keycloak admin       http://localhost:" + config.keycloakPort() + "/admin (admin / admin)");
        }
        if (config.simulator()) {
            println("  Payment simulator    http://127.0.0.1:" + config.simulatorPort()
                    + "/simulator/charges?order_id=<order id>");
        }
        if (config.mail()) {
            println("  Mail inbox (IMAP)    imap://127.0.0.1:" + config.imapPort()
                    + " (login and password: the recipient's address)");
        }
        if (config.objectStore()) {
            println("  Object store (S3)    http://127.0.0.1:" + config.objectStorePort() + " (bucket "
                    + ObjectStore.BUCKET + ", key " + ObjectStore.ACCESS_KEY + " / " + ObjectStore.SECRET_KEY
                    + "; images served at the gateway's /api/catalog/images/...)");
        }
        println("  Demo users           alice@example.com / alice-shops-2026 (customer),"
                + " admin@example.com / admin-manages-2026 (admin)");
    }

    private static void launchServices(List<ServiceProcess> services, List<ServiceProcess> started) {
        var progress = new ConsoleProgress();
        for (var service : services) {
            progress.starting(service.name());
            started.add(service);
            service.launch();
        }
    }

    /** Waits until every service is ready; {@code begin} is when they were launched (System.nanoTime()). */
    private static void awaitServices(List<ServiceProcess> services, long begin) {
        var progress = new ConsoleProgress();
        for (var service : services) {
            service.awaitReady();
            progress.ready(service.name(), service.url(), (System.nanoTime() - begin) / 1_000_000);
        }
    }

    private static void stopAll(List<ServiceProcess> services, LocalStack stack) {
        ServiceProcess.closeAll(services);
        stack.close();
    }

    /** Resident memory of this JVM, its children and PostgreSQL (which runs in a session of its own). */
    private static long residentKilobytes(StackConfig config) {
        var postgres = firstLine(config.dataDir("postgres").resolve("postmaster.pid"))
                .flatMap(pid -> ProcessHandle.of(Long.parseLong(pid)))
                .stream();
        var processes = Stream.concat(
                Stream.concat(
                        Stream.of(ProcessHandle.current()),
                        ProcessHandle.current().descendants()),
                postgres.flatMap(main -> Stream.concat(Stream.of(main), main.descendants())));
        return processes.mapToLong(LocalStackMain::rss).sum();
    }

    private static long rss(ProcessHandle process) {
        try {
            return Files.readAllLines(Path.of("/proc/" + process.pid() + "/status")).stream()
                    .filter(line -> line.startsWith("VmRSS:"))
                    .findFirst()
                    .map(line -> Long.parseLong(line.replaceAll("\\D", "")))
                    .orElse(0L);
        } catch (IOException | RuntimeException e) {
            return 0; // the process ended meanwhile
        }
    }

    private static java.util.Optional<String> firstLine(Path file) {
        try (var lines = Files.lines(file)) {
            return lines.findFirst().map(String::trim);
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
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
            println(String.format(Locale.ROOT, "  .. %-16s starting", component));
        }

        @Override
        public void ready(String component, String address, long millis) {
            println(String.format(Locale.ROOT, "  ok %-16s %s  (%.1f s)", component, address, millis / 1000.0));
        }
    }
}
