package dev.shop.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.shop.localstack.LocalStack;
import dev.shop.localstack.Postgres;
import dev.shop.localstack.ServiceProcess;
import dev.shop.localstack.stripe.Charge;
import dev.shop.localstack.stripe.FaultPlan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The whole shop, two instances of each service, under a steady stream of purchases through the gateway while one
 * fault at a time hits it: each test starts the load, injects its fault, ends it, stops the load, waits for the shop
 * to settle and checks the invariants, then prints its row of the table (also written to
 * {@code target/fault-matrix.md}).
 *
 * <p>Invariants, read from the API, the provider simulator and the broker:
 *
 * <ul>
 *   <li>every order of the test's customers (those answered 202 and any other the shop took) reaches a final state
 *       within {@link #SETTLE} after the fault ended: CONFIRMED, or CANCELLED with a reason;
 *   <li>the provider's charges match: a CONFIRMED order has exactly one charge kept, a CANCELLED one none kept (every
 *       charge it had refunded in full);
 *   <li>stock is conserved (catalog-service's database): initial stock = on hand + units confirmed, nothing left
 *       reserved;
 *   <li>no record lands on a dead-letter topic;
 *   <li>clients got only 2xx answers or problems ({@code application/problem+json}, 503 with {@code Retry-After}),
 *       never a bare 5xx nor a hang past the route timeout ({@link CheckoutLoad}).
 * </ul>
 *
 * {@code mvn verify} runs the faults that fit its time (an instance of each service killed, Redis stopped,
 * PostgreSQL restarted);
 * {@code -Dshop.faults=all} runs the whole matrix (see the README).
 */
class FaultMatrixE2eTest {

    private static final boolean ALL = "all".equals(System.getProperty("shop.faults"));
    /** How long a fault lasts: as the matrix says (30 s) in a full run, shorter in {@code mvn verify}. */
    private static final Duration FAULT = ALL ? Duration.ofSeconds(30) : Duration.ofSeconds(15);
    /** The load before the fault and after it ends. */
    private static final Duration AROUND = Duration.ofSeconds(5);
    /** Two purchases a second. */
    private static final Duration PERIOD = Duration.ofMillis(500);
    /** The bound within which every order settles once the fault is over. */
    static final Duration SETTLE = Duration.ofSeconds(120);

    private static final int STOCK = 10_000;
    private static final int CUSTOMERS = 24;
    private static final List<String> ROWS = new ArrayList<>();

    private final ShopUnderTest shop = ShopUnderTest.get();
    private final LocalStack stack = shop.stack();

    @AfterEach
    void everythingRunsAgain() {
        stack.simulator().clearFaults();
        if (!stack.redis().isRunning()) {
            stack.redis().restart();
        }
        if (stack.keycloak().isRunning()) {
            stack.keycloak().thaw(); // lets a frozen Keycloak go on; nothing to a running one
        }
        if (!stack.kafka().isRunning()) {
            stack.kafka().start();
        }
        for (var service : ShopUnderTest.SERVICES) {
            for (var instance : shop.instances(service)) {
                if (!instance.isRunning()) {
                    instance.launch();
                    instance.awaitReady();
                }
            }
        }
        // Redis is not part of readiness (the cache and the rate limits go on without it), and an instance reconnects
        // in the background: the next test must not meet a catalog instance whose cache refreshes still fail while
        // another one reads from Redis again, nor a gateway whose rate limits pass everything
        for (var service : List.of("catalog-service", "gateway")) {
            for (var instance : shop.instances(service)) {
                await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> redisConnections(instance) > 0);
            }
        }
    }

    /** The instance's gauge {@code shop.redis.connections}, from its metrics scrape. */
    private static double redisConnections(ServiceProcess instance) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(instance.managementUrl() + "/actuator/prometheus"))
                .timeout(Duration.ofSeconds(5))
                .build();
        try (var http = HttpClient.newHttpClient()) {
            return http.send(request, HttpResponse.BodyHandlers.ofString())
                    .body()
                    .lines()
                    .filter(line -> line.startsWith("shop_redis_connections{"))
                    .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                    .sum();
        }
    }

    @Test
    void oneInstanceOfEachServiceKilledAndStartedAgain() {
        var killed = ShopUnderTest.SERVICES.stream()
                .filter(service -> !service.equals("gateway"))
                .map(service -> shop.instances(service).getLast())
                .toList();
        run(
                "one instance of each service killed (kill -9), then started",
                () -> killed.forEach(ServiceProcess::kill),
                () -> {
                    killed.forEach(ServiceProcess::launch);
                    killed.forEach(ServiceProcess::awaitReady);
                });
    }

    @Test
    void providerAnswersServerErrors() {
        assumeTrue(ALL, "in the full matrix only (-Dshop.faults=all)");
        run(
                "the payment provider answering 500s",
                () -> stack.simulator().inject(new FaultPlan(null, Duration.ZERO, 1.0, 500, false, 0, false, 0, null)),
                () -> stack.simulator().clearFaults());
    }

    @Test
    void redisStopped() {
        run("Redis stopped", () -> stack.redis().stop(), () -> stack.redis().restart());
    }

    @Test
    void postgresRestarted() {
        run(
                "PostgreSQL restarted (fast shutdown, start)",
                () -> stack.postgres().restart(),
                () -> {});
    }

    @Test
    void keycloakFrozen() {
        assumeTrue(ALL, "in the full matrix only (-Dshop.faults=all)");
        var login = new AtomicReference<HttpResponse<String>>();
        run(
                "Keycloak frozen (SIGSTOP: connections accepted, nothing answered)",
                () -> {
                    stack.keycloak().freeze();
                    // what needs Keycloak itself is refused, and says when to come back
                    login.set(logIn("alice@example.com", "alice-shops-2026"));
                },
                () -> stack.keycloak().thaw());
        // 503 when Keycloak refuses or fails, 504 when it does not answer in time (as here): both say when to retry
        assertThat(login.get().statusCode()).as(login.get().body()).isIn(503, 504);
        assertThat(login.get().headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(login.get().headers().firstValue("Retry-After")).isPresent();
    }

    /** A log-in through the gateway, answered within the client's timeout however it is answered. */
    private HttpResponse<String> logIn(String email, String password) {
        var request = HttpRequest.newBuilder(URI.create(shop.gatewayUrl() + "/api/auth/token"))
                .timeout(CheckoutLoad.CLIENT_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"username\":\"%s\",\"password\":\"%s\"}".formatted(email, password)))
                .build();
        try (var http = HttpClient.newHttpClient()) {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("no answer to a log-in through the gateway", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void kafkaBrokerKilledAndStartedAgain() {
        assumeTrue(ALL, "in the full matrix only (-Dshop.faults=all)");
        run(
                "the Kafka broker killed (kill -9), then started",
                () -> {
                    var pid = stack.kafka().pid();
                    if (pid != null) {
                        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                    }
                },
                () -> stack.kafka().restart());
    }

    @Test
    void providerDown() {
        assumeTrue(ALL, "in the full matrix only (-Dshop.faults=all)");
        run(
                "the payment provider down",
                () -> stack.simulator().inject(new FaultPlan(null, Duration.ZERO, 0, 500, false, 0, true, 0, null)),
                () -> stack.simulator().clearFaults());
    }

    @Test
    void providerSlow() {
        assumeTrue(ALL, "in the full matrix only (-Dshop.faults=all)");
        run(
                "the payment provider 5 s slow",
                () -> stack.simulator()
                        .inject(new FaultPlan(null, Duration.ofSeconds(5), 0, 500, false, 0, false, 0, null)),
                () -> stack.simulator().clearFaults());
    }

    @Test
    void providerDropsConnections() {
        assumeTrue(ALL, "in the full matrix only (-Dshop.faults=all)");
        run(
                "the payment provider dropping half its connections after doing the work",
                () -> stack.simulator().inject(new FaultPlan(null, Duration.ZERO, 0, 500, false, 0.5, false, 0, null)),
                () -> stack.simulator().clearFaults());
    }

    @Test
    void everyInstanceStoppedInTurn() {
        assumeTrue(ALL, "in the full matrix only (-Dshop.faults=all)");
        var stayedInGroup = new ArrayList<String>();
        run(
                "SIGTERM to every service instance in turn (a rolling restart)",
                () -> ShopUnderTest.SERVICES.stream()
                        .filter(service -> !service.equals("gateway"))
                        .flatMap(service -> shop.instances(service).stream())
                        .forEach(instance -> {
                            int members = groupMembers(instance.service());
                            instance.close();
                            if (members > 0 && !leftTheGroup(instance.service(), members)) {
                                stayedInGroup.add(instance.name());
                            }
                            instance.launch();
                            instance.awaitReady();
                        }),
                () -> {});
        assertThat(stayedInGroup)
                .as("instances whose consumers were still members of their group after SIGTERM")
                .isEmpty();
    }

    /**
     * Whether the service's consumer group lost the members of an instance that stopped: at once, as a consumer that
     * leaves on shutdown does, not after the session timeout (45 s) as one that vanished.
     */
    private boolean leftTheGroup(String group, int membersBefore) {
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> groupMembers(group) < membersBefore);
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }

    /** The members of a consumer group now; none when no such group exists. */
    private int groupMembers(String group) {
        try (var admin = admin()) {
            var description =
                    admin.describeConsumerGroups(List.of(group)).all().get().get(group);
            return description == null ? 0 : description.members().size();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return 0; // the service consumes nothing (auth-service only publishes)
            }
            throw new IllegalStateException("could not describe consumer group " + group, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Admin admin() {
        var properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers());
        return Admin.create(properties);
    }

    /**
     * Runs the load around one fault and checks the invariants. {@code inject} starts the fault ({@link #FAULT} before
     * {@code end}, or as long as it takes itself, as a rolling restart does).
     */
    private void run(String fault, Runnable inject, Runnable end) {
        var productId = Shopping.newProduct("Fault matrix " + UUID.randomUUID(), 500, STOCK);
        var customers = IntStream.range(0, CUSTOMERS)
                .mapToObj(i -> ShopClient.newCustomer("fault" + i).client())
                .toList();
        // every instance of cart-service knows the product before the load starts
        customers.forEach(customer -> Shopping.addToCart(customer, productId, 1));
        customers.forEach(customer -> assertThat(
                        customer.delete("/api/cart/items/" + productId).status())
                .isEqualTo(200));
        long deadLettersBefore = deadLetters();

        // bounded in count too: what 15 minutes of load would start (a rolling restart lasts longest)
        var maxCheckouts = (int) (Duration.ofMinutes(15).toMillis() / PERIOD.toMillis());
        var load = new CheckoutLoad(shop.gatewayUrl(), customers, productId, maxCheckouts).start(PERIOD);
        long faultEnded;
        try {
            pause(AROUND);
            long injected = System.nanoTime();
            inject.run();
            var remaining = FAULT.minusNanos(System.nanoTime() - injected);
            if (!remaining.isNegative()) {
                pause(remaining);
            }
            end.run();
            faultEnded = System.nanoTime();
            pause(AROUND);
            load.stop();
        } finally {
            load.close();
        }

        var orders = ordersOf(customers);
        var settled = new HashMap<String, JsonNode>();
        boolean consistent;
        try {
            await().atMost(SETTLE).pollInterval(Duration.ofSeconds(1)).until(() -> {
                orders.forEach(order -> {
                    if (!settled.containsKey(order.id())) {
                        var state = order.customer()
                                .get("/api/orders/" + order.id())
                                .json();
                        if (Shopping.FINAL.contains(state.path("status").asString())) {
                            settled.put(order.id(), state);
                        }
                    }
                });
                return settled.size() == orders.size() && chargesMatch(settled) && stockConserved(productId, settled);
            });
            consistent = true;
        } catch (ConditionTimeoutException e) {
            consistent = false; // reported below, after the row is printed
        }
        var settleSeconds = (System.nanoTime() - faultEnded) / 1e9;

        long confirmed = settled.values().stream()
                .filter(order -> order.path("status").asString().equals("CONFIRMED"))
                .count();
        long doubleCharges =
                settled.keySet().stream().filter(id -> keptCharges(id) > 1).count();
        long newDeadLetters = deadLetters() - deadLettersBefore;
        ROWS.add(String.format(
                Locale.ROOT,
                "| %s | %d | %d | %d | %s | %d | %.0f s | %d | %d | %d | %d |",
                fault,
                load.attempted(),
                load.accepted().size(),
                load.refused(),
                refusedBy(load.refusals()),
                settled.size(),
                settleSeconds,
                orders.size() - settled.size(),
                doubleCharges,
                newDeadLetters,
                load.broken().size()));
        System.out.println(
                "fault matrix: " + ROWS.getLast() + " answers " + load.statuses() + " confirmed " + confirmed);

        assertThat(orders.stream().map(Order::id)).as("accepted orders").containsAll(load.accepted());
        assertThat(load.accepted()).as("checkouts accepted during the run").isNotEmpty();
        assertThat(orders.size() - settled.size())
                .as("orders not final %s after the fault", SETTLE)
                .isZero();
        assertThat(chargesMatch(settled))
                .as("one charge kept per CONFIRMED order, none per CANCELLED one")
                .isTrue();
        assertThat(stockConserved(productId, settled))
                .as("initial stock = on hand + confirmed units, nothing reserved")
                .isTrue();
        assertThat(consistent).as("settled within %s", SETTLE).isTrue();
        settled.values().stream()
                .filter(order -> order.path("status").asString().equals("CANCELLED"))
                .forEach(order -> assertThat(order.path("cancellationReason").asString())
                        .as("reason of cancelled order %s", order.path("id").asString())
                        .isNotBlank());
        assertThat(doubleCharges).as("orders charged twice").isZero();
        assertThat(newDeadLetters).as("records on dead-letter topics").isZero();
        assertThat(load.broken())
                .as("answers that were neither 2xx nor a problem")
                .isEmpty();
        assertThat(load.problemsWithoutRetryAfter())
                .as("503s without Retry-After")
                .isZero();
    }

    private record Order(String id, ShopClient customer) {}

    /** Every order of the customers, as their order history lists them (also those whose 202 a client missed). */
    private static List<Order> ordersOf(List<ShopClient> customers) {
        var orders = new ArrayList<Order>();
        for (var customer : customers) {
            var page = customer.get("/api/orders?size=100");
            assertThat(page.status()).as(page.text()).isEqualTo(200);
            for (var order : page.json().path("items")) {
                orders.add(new Order(order.path("id").asString(), customer));
            }
        }
        return orders;
    }

    /** CONFIRMED: exactly one charge kept; CANCELLED: none (each charge refunded in full). */
    private boolean chargesMatch(Map<String, JsonNode> settled) {
        return settled.entrySet().stream().allMatch(order -> {
            long kept = keptCharges(order.getKey());
            return order.getValue().path("status").asString().equals("CONFIRMED") ? kept == 1 : kept == 0;
        });
    }

    private long keptCharges(String orderId) {
        return stack.simulator().charges(UUID.fromString(orderId)).stream()
                .filter(Charge::succeeded)
                .filter(charge -> charge.amountRefunded() < charge.amount())
                .count();
    }

    /**
     * Read from catalog-service's database (its API's read cache may show a value up to its TTL old after a Redis
     * outage): initial stock = on hand + units sold (one per CONFIRMED order), nothing reserved once every order is
     * final. The table's constraints keep on hand and available (on hand - reserved) from going below zero.
     */
    private boolean stockConserved(String productId, Map<String, JsonNode> settled) {
        long confirmedUnits = settled.values().stream()
                .filter(order -> order.path("status").asString().equals("CONFIRMED"))
                .count();
        var postgres = stack.postgres();
        try (var connection = DriverManager.getConnection(postgres.jdbcUrl("catalog"), Postgres.USER, "");
                var query = connection.prepareStatement("select on_hand, reserved from product where id = ?")) {
            query.setObject(1, UUID.fromString(productId));
            try (var rows = query.executeQuery()) {
                if (!rows.next()) {
                    throw new IllegalStateException("no product " + productId + " in catalog's database");
                }
                return rows.getLong("on_hand") + confirmedUnits == STOCK && rows.getLong("reserved") == 0;
            }
        } catch (SQLException e) {
            return false; // PostgreSQL not back yet: not settled
        }
    }

    /** Records on every dead-letter topic ({@code <topic>.<group>.dlq}) so far. */
    private long deadLetters() {
        try (var admin = admin()) {
            var topics = admin.listTopics().names().get().stream()
                    .filter(name -> name.endsWith(".dlq"))
                    .toList();
            var partitions = new HashMap<TopicPartition, OffsetSpec>();
            admin.describeTopics(topics)
                    .allTopicNames()
                    .get()
                    .forEach((name, description) -> description
                            .partitions()
                            .forEach(partition -> partitions.put(
                                    new TopicPartition(name, partition.partition()), OffsetSpec.latest())));
            return admin.listOffsets(partitions).all().get().values().stream()
                    .mapToLong(offsets -> offsets.offset())
                    .sum();
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not count the dead letters", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** E.g. {@code 503 service-unavailable × 12, 429 rate-limited × 2}; a dash when nothing was refused. */
    private static String refusedBy(Map<String, Integer> refusals) {
        return refusals.isEmpty()
                ? "-"
                : refusals.entrySet().stream()
                        .map(refusal -> refusal.getKey() + " × " + refusal.getValue())
                        .collect(Collectors.joining(", "));
    }

    /** Lets the load run for {@code duration} while the test stands by (Awaitility's {@code during}). */
    private static void pause(Duration duration) {
        await().during(duration).atMost(duration.plusSeconds(5)).until(() -> true);
    }

    @AfterAll
    static void printTheTable() throws IOException {
        if (ROWS.isEmpty()) {
            return;
        }
        var table = new ArrayList<String>();
        table.add("| fault | checkouts tried | accepted | refused | refused with | settled | settled after the fault"
                + " | lost | double charges | dead letters | broken answers |");
        table.add("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        table.addAll(ROWS);
        System.out.println(String.join(System.lineSeparator(), table));
        var file = Path.of("target", "fault-matrix.md");
        Files.createDirectories(file.getParent());
        Files.write(file, table);
    }
}
