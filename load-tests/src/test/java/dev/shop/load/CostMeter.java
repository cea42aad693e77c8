package dev.shop.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * What the shop spends, read from outside it: the machine's busy CPU and each process's (from /proc), PostgreSQL's
 * committed transactions per database (pg_stat_database), the records on the shop's Kafka topics (their end offsets),
 * the HTTP requests each service served and the calls payment-service made to the provider (their Prometheus
 * counters). Two snapshots give what happened between them.
 */
final class CostMeter {

    /** The process groups CPU is split into, from each process's command line. */
    static final List<String> GROUPS = List.of(
            "gateway",
            "auth-service",
            "catalog-service",
            "cart-service",
            "payment-service",
            "postgresql",
            "kafka",
            "redis",
            "keycloak",
            "local-stack (provider simulator, mail)",
            "load generator",
            "other");

    static final List<String> SERVICES = List.of("auth-service", "catalog-service", "cart-service", "payment-service");
    private static final List<String> DATABASES = List.of("auth", "catalog", "cart", "payment");
    private static final long TICKS_PER_SECOND = 100; // USER_HZ on Linux

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String postgres;
    private final String kafka;
    private final Map<String, Integer> managementPorts;
    private final long self = ProcessHandle.current().pid();

    CostMeter() {
        postgres = "jdbc:postgresql://127.0.0.1:" + env("SHOP_POSTGRES_PORT", "55432") + "/postgres";
        kafka = "127.0.0.1:" + env("SHOP_KAFKA_PORT", "59092");
        managementPorts = new LinkedHashMap<>();
        int defaultPort = 8081;
        for (var service : SERVICES) {
            var variable = "SHOP_" + service.toUpperCase(Locale.ROOT).replace('-', '_');
            int port = Integer.parseInt(env(variable + "_PORT", Integer.toString(defaultPort++)));
            managementPorts.put(
                    service, Integer.parseInt(env(variable + "_MANAGEMENT_PORT", Integer.toString(port + 1000))));
        }
    }

    /** One reading of every counter. */
    record Snapshot(
            long nanos,
            long machineBusyTicks,
            Map<String, Long> groupTicks,
            Map<String, Long> commits,
            long records,
            Map<String, Double> served,
            double providerCalls) {}

    /** What happened between two snapshots, per second of it. */
    record Delta(
            double seconds,
            double machineCores,
            Map<String, Double> groupCores,
            Map<String, Long> commits,
            long records,
            Map<String, Double> served,
            double providerCalls) {

        long allCommits() {
            return commits.values().stream().mapToLong(Long::longValue).sum();
        }

        double allServed() {
            return served.values().stream().mapToDouble(Double::doubleValue).sum();
        }
    }

    Snapshot snapshot() {
        return new Snapshot(
                System.nanoTime(), machineBusyTicks(), groupTicks(), commits(), records(), served(), providerCalls());
    }

    /** Only the CPU: cheap enough to take while the shop idles. */
    Snapshot cpuOnly() {
        return new Snapshot(System.nanoTime(), machineBusyTicks(), groupTicks(), Map.of(), 0, Map.of(), 0);
    }

    static Delta between(Snapshot from, Snapshot to) {
        double seconds = (to.nanos() - from.nanos()) / 1e9;
        var groupCores = new LinkedHashMap<String, Double>();
        for (var group : GROUPS) {
            long ticks =
                    to.groupTicks().getOrDefault(group, 0L) - from.groupTicks().getOrDefault(group, 0L);
            groupCores.put(group, Math.max(0, ticks) / (double) TICKS_PER_SECOND / seconds);
        }
        var commits = new TreeMap<String, Long>();
        to.commits()
                .forEach((database, count) ->
                        commits.put(database, count - from.commits().getOrDefault(database, 0L)));
        var served = new TreeMap<String, Double>();
        to.served()
                .forEach((service, count) ->
                        served.put(service, count - from.served().getOrDefault(service, 0.0)));
        return new Delta(
                seconds,
                (to.machineBusyTicks() - from.machineBusyTicks()) / (double) TICKS_PER_SECOND / seconds,
                groupCores,
                commits,
                to.records() - from.records(),
                served,
                to.providerCalls() - from.providerCalls());
    }

    private static long machineBusyTicks() {
        try {
            var fields =
                    Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            long total = 0;
            for (int i = 1; i <= 8 && i < fields.length; i++) {
                total += Long.parseLong(fields[i]);
            }
            return total - Long.parseLong(fields[4]) - Long.parseLong(fields[5]); // less idle and iowait
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/stat", e);
        }
    }

    private Map<String, Long> groupTicks() {
        var ticks = new LinkedHashMap<String, Long>();
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            for (var process : processes.toList()) {
                var name = process.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    var stat = Files.readString(process.resolve("stat"));
                    var fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long used = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
                    var command = Files.readString(process.resolve("cmdline")).replace('\0', ' ');
                    ticks.merge(group(Long.parseLong(name), command), used, Long::sum);
                } catch (IOException | RuntimeException gone) {
                    // the process ended while it was read
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc", e);
        }
        return ticks;
    }

    private String group(long pid, String command) {
        if (pid == self) {
            return "load generator";
        }
        for (var service : SERVICES) {
            if (command.contains(service)) {
                return service;
            }
        }
        if (command.contains("gateway")) {
            return "gateway";
        }
        if (command.startsWith("postgres") || command.contains("/bin/postgres")) {
            return "postgresql";
        }
        if (command.contains("kafka.Kafka") || command.contains("KafkaBrokerMain")) {
            return "kafka";
        }
        if (command.contains("redis-server")) {
            return "redis";
        }
        if (command.contains("quarkus") || command.contains("keycloak")) {
            return "keycloak";
        }
        if (command.contains("LocalStackMain")) {
            return "local-stack (provider simulator, mail)";
        }
        return "other";
    }

    private Map<String, Long> commits() {
        var commits = new TreeMap<String, Long>();
        var properties = new Properties();
        properties.setProperty("user", env("SHOP_POSTGRES_USER", "postgres"));
        properties.setProperty("password", "");
        try (var connection = DriverManager.getConnection(postgres, properties);
                var statement = connection.prepareStatement(
                        "select datname, xact_commit from pg_stat_database where datname = any(?)")) {
            statement.setArray(1, connection.createArrayOf("text", DATABASES.toArray()));
            try (var rows = statement.executeQuery()) {
                while (rows.next()) {
                    commits.put(rows.getString(1), rows.getLong(2));
                }
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot read pg_stat_database at " + postgres, e);
        }
        return commits;
    }

    private long records() {
        var config = Map.<String, Object>of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        try (var admin = Admin.create(config)) {
            var topics = admin.listTopics().names().get(10, TimeUnit.SECONDS).stream()
                    .filter(topic -> !topic.startsWith("_"))
                    .toList();
            var partitions = new ArrayList<TopicPartition>();
            admin.describeTopics(topics)
                    .allTopicNames()
                    .get(10, TimeUnit.SECONDS)
                    .values()
                    .forEach(topic -> topic.partitions()
                            .forEach(info -> partitions.add(new TopicPartition(topic.name(), info.partition()))));
            var request = new LinkedHashMap<TopicPartition, OffsetSpec>();
            partitions.forEach(partition -> request.put(partition, OffsetSpec.latest()));
            return admin.listOffsets(request).all().get(10, TimeUnit.SECONDS).values().stream()
                    .mapToLong(info -> info.offset())
                    .sum();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the topics' offsets at " + kafka, e);
        }
    }

    private Map<String, Double> served() {
        var served = new TreeMap<String, Double>();
        for (var service : SERVICES) {
            served.put(service, sum(scrape(service), "http_server_requests_seconds_count", true));
        }
        return served;
    }

    private double providerCalls() {
        return sum(scrape("payment-service"), "shop_payment_provider_requests_seconds_count", false);
    }

    private String scrape(String service) {
        var url = "http://127.0.0.1:" + managementPorts.get(service) + "/actuator/prometheus";
        try {
            return http.send(
                            HttpRequest.newBuilder(URI.create(url))
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (IOException e) {
            throw new IllegalStateException("cannot scrape " + url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The sum of a metric's series, without the actuator's own requests when asked. */
    private static double sum(String exposition, String metric, boolean withoutActuator) {
        return exposition
                .lines()
                .filter(line -> line.startsWith(metric + "{") || line.startsWith(metric + " "))
                .filter(line -> !withoutActuator || !line.contains("uri=\"/actuator"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    static String env(String name, String fallback) {
        var value = System.getenv(name);
        return value == null || value.isBlank() ? System.getProperty(name, fallback) : value;
    }
}
