package dev.shop.load;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import tools.jackson.databind.JsonNode;

/**
 * Add-to-cart and checkout through the gateway at a constant arrival rate (Gatling's open workload model: arrivals do
 * not wait for the shop), by real customers with their tokens. Run by {@code cart-service/bench/checkout-bench.sh}.
 *
 * <p>Setup: an admin creates PRODUCTS products with stock that never runs out; CUSTOMERS customers register and log in
 * (each is used every CUSTOMERS/RATE seconds, under cart-service's per-customer limits). Then RATE arrivals a second,
 * each picking the next customer: PUT one unit of a random product into the cart, POST the checkout with a new
 * {@code Idempotency-Key}. WARMUP seconds are not counted; DURATION seconds are measured.
 *
 * <p>Besides Gatling's own report, it prints what the measured phase cost, read from outside the shop
 * ({@link CostMeter}): the CPU per accepted checkout above what the shop uses idle (measured for 10 s before the
 * load), split per process; PostgreSQL transactions, Kafka records, HTTP requests the services served and provider
 * calls, each per accepted checkout; the checkout call's latency, accepted and refused apart; and, from the history of
 * every SAMPLE-th accepted order, the time from placed to AWAITING_PAYMENT and to CONFIRMED.
 */
public class CheckoutSimulation extends Simulation {

    private static final String ADDRESS =
            "{\"name\":\"Load Tester\",\"line1\":\"Benchstrasse 1\",\"city\":\"Berlin\",\"postalCode\":\"10115\",\"country\":\"DE\"}";

    private final String gateway = CostMeter.env("GATEWAY", "http://127.0.0.1:18080");
    private final int rate = Integer.parseInt(CostMeter.env("RATE", "40"));
    private final int duration = Integer.parseInt(CostMeter.env("DURATION", "60"));
    private final int warmup = Integer.parseInt(CostMeter.env("WARMUP", "60"));
    private final int customerCount =
            Integer.parseInt(CostMeter.env("CUSTOMERS", Integer.toString(Math.max(300, rate * 12))));
    private final int productCount = Integer.parseInt(CostMeter.env("PRODUCTS", "50"));
    private final int sample = Integer.parseInt(CostMeter.env("SAMPLE", "10"));

    private final ShopSetup setup = new ShopSetup(gateway);
    private final CostMeter meter = new CostMeter();
    private final List<String> customers = Collections.synchronizedList(new ArrayList<>());
    private final List<String> products = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger nextCustomer = new AtomicInteger();
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();

    // the measured window, in System.nanoTime(); 0 until it starts and ends
    private final AtomicLong windowStart = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong windowEnd = new AtomicLong(Long.MAX_VALUE);
    private volatile CostMeter.Snapshot first;
    private volatile CostMeter.Snapshot last;
    private volatile CostMeter.Delta idle;

    private final ConcurrentLinkedQueue<Long> acceptedMillis = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Long> refusedMillis = new ConcurrentLinkedQueue<>();
    private final AtomicInteger otherAnswers = new AtomicInteger();
    private final AtomicInteger accepted = new AtomicInteger();
    private final ConcurrentLinkedQueue<String[]> sampled = new ConcurrentLinkedQueue<>();

    {
        HttpProtocolBuilder protocol = http.baseUrl(gateway)
                .acceptHeader("application/json")
                .contentTypeHeader("application/json")
                .shareConnections();

        Iterator<Map<String, Object>> customerFeeder = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Map<String, Object> next() {
                String token = customers.get(Math.floorMod(nextCustomer.getAndIncrement(), customers.size()));
                String product = products.get(ThreadLocalRandom.current().nextInt(products.size()));
                return Map.of(
                        "token",
                        token,
                        "product",
                        product,
                        "key",
                        UUID.randomUUID().toString());
            }
        };

        ScenarioBuilder checkout = scenario("checkout")
                .feed(customerFeeder)
                .exec(http("add to cart")
                        .put("/api/cart/items/#{product}")
                        .header("Authorization", "Bearer #{token}")
                        .body(StringBody("{\"quantity\":1}"))
                        .check(status().is(200)))
                .exec(http("checkout")
                        .post("/api/cart/checkout")
                        .header("Authorization", "Bearer #{token}")
                        .header("Idempotency-Key", "#{key}")
                        .body(StringBody("{\"paymentMethod\":\"pm_card_visa\",\"shippingAddress\":" + ADDRESS + "}"))
                        .check(
                                status().in(202, 503).saveAs("status"),
                                responseTimeInMillis().saveAs("millis"),
                                jsonPath("$.id").optional().saveAs("order")))
                .exec(session -> {
                    long now = System.nanoTime();
                    if (now >= windowStart.get() && now < windowEnd.get() && session.contains("status")) {
                        int answer = session.getInt("status");
                        long millis = session.getLong("millis");
                        if (answer == 202) {
                            acceptedMillis.add(millis);
                            if (accepted.incrementAndGet() % sample == 0 && session.contains("order")) {
                                sampled.add(new String[] {session.getString("token"), session.getString("order")});
                            }
                        } else if (answer == 503) {
                            refusedMillis.add(millis);
                        } else {
                            otherAnswers.incrementAndGet();
                        }
                    }
                    return session;
                });

        setUp(checkout.injectOpen(constantUsersPerSec(rate).during(Duration.ofSeconds(warmup + duration))))
                .protocols(protocol);
    }

    @Override
    public void before() {
        try {
            var admin = setup.login(
                    CostMeter.env("ADMIN_USER", "admin@example.com"),
                    CostMeter.env("ADMIN_PASSWORD", "admin-manages-2026"));
            long started = System.nanoTime();
            products.addAll(setup.products(admin, productCount));
            customers.addAll(setup.customers(customerCount));
            setup.awaitProductsInCarts(customers.getFirst(), products);
            System.out.printf(
                    Locale.ROOT,
                    "setup: %d products, %d customers registered and logged in (%.1f s)%n",
                    products.size(),
                    customers.size(),
                    (System.nanoTime() - started) / 1e9);
            // what the shop uses with no load: its pollers, Keycloak, the JVMs' own threads
            var quiet = meter.cpuOnly();
            // not a wait for anything: the window over which the idle shop's CPU is measured
            Thread.sleep(10_000);
            idle = CostMeter.between(quiet, meter.cpuOnly());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        clock.schedule(
                () -> {
                    first = meter.snapshot();
                    windowStart.set(System.nanoTime());
                    windowEnd.set(
                            System.nanoTime() + Duration.ofSeconds(duration).toNanos());
                },
                warmup,
                TimeUnit.SECONDS);
        clock.schedule(() -> last = meter.snapshot(), warmup + duration, TimeUnit.SECONDS);
    }

    @Override
    public void after() {
        clock.shutdown();
        try {
            clock.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (first == null || last == null) {
            System.out.println("the measured phase did not complete: no figures");
            return;
        }
        var cost = CostMeter.between(first, last);
        var saga = sagaTimes();
        print(cost, saga);
    }

    private record SagaTimes(List<Long> toAwaitingPayment, List<Long> toConfirmed, int settled, int confirmed) {}

    /** Reads the sampled orders once they are final (at most 3 minutes): their history says how long each step took. */
    private SagaTimes sagaTimes() {
        var toAwaiting = new ArrayList<Long>();
        var toConfirmed = new ArrayList<Long>();
        int settled = 0;
        int confirmed = 0;
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        for (var order : sampled) {
            var latest = new AtomicReference<JsonNode>();
            long left = Math.max(1, deadline - System.nanoTime());
            try {
                Awaitility.await()
                        .atMost(Duration.ofNanos(left))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> {
                            var found = setup.order(order[0], order[1]);
                            latest.set(found);
                            return found != null && isFinal(found.path("status").asString());
                        });
            } catch (ConditionTimeoutException stillOnItsWay) {
                continue; // counted as not settled
            }
            JsonNode read = java.util.Objects.requireNonNull(latest.get());
            settled++;
            var placed = Instant.parse(read.path("placedAt").asString());
            for (var step : read.path("history")) {
                var at = Instant.parse(step.path("at").asString());
                switch (step.path("status").asString()) {
                    case "AWAITING_PAYMENT" ->
                        toAwaiting.add(Duration.between(placed, at).toMillis());
                    case "CONFIRMED" -> {
                        toConfirmed.add(Duration.between(placed, at).toMillis());
                        confirmed++;
                    }
                    default -> {}
                }
            }
        }
        return new SagaTimes(toAwaiting, toConfirmed, settled, confirmed);
    }

    private static boolean isFinal(String status) {
        return status.equals("CONFIRMED") || status.equals("CANCELLED") || status.equals("REFUNDED");
    }

    private void print(CostMeter.Delta cost, SagaTimes saga) {
        double seconds = cost.seconds();
        double acceptedPerSecond = acceptedMillis.size() / seconds;
        double refusedPerSecond = refusedMillis.size() / seconds;
        double cores = cost.machineCores();
        double idleCores = idle.machineCores();
        double perOrderMillis = acceptedPerSecond == 0 ? Double.NaN : (cores - idleCores) * 1000 / acceptedPerSecond;
        int available = Runtime.getRuntime().availableProcessors();
        var out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT,
                "%nCHECKOUT BENCHMARK: %d arrivals/s for %d s after %d s of warm-up; %d customers, %d products; %d cores%n",
                rate,
                duration,
                warmup,
                customers.size(),
                products.size(),
                available));
        out.append(String.format(
                Locale.ROOT,
                "checkouts: accepted %.1f/s, refused (503) %.1f/s, other answers %d%n",
                acceptedPerSecond,
                refusedPerSecond,
                otherAnswers.get()));
        out.append(String.format(
                Locale.ROOT,
                "checkout call: accepted p50 %d ms, p99 %d ms; refused p50 %d ms, p99 %d ms%n",
                percentile(acceptedMillis, 50),
                percentile(acceptedMillis, 99),
                percentile(refusedMillis, 50),
                percentile(refusedMillis, 99)));
        out.append(String.format(
                Locale.ROOT,
                "saga (%d sampled orders, %d settled, %d confirmed): placed -> AWAITING_PAYMENT p50 %d ms, p99 %d ms;"
                        + " placed -> CONFIRMED p50 %d ms, p99 %d ms%n",
                sampled.size(),
                saga.settled(),
                saga.confirmed(),
                percentile(saga.toAwaitingPayment(), 50),
                percentile(saga.toAwaitingPayment(), 99),
                percentile(saga.toConfirmed(), 50),
                percentile(saga.toConfirmed(), 99)));
        out.append(String.format(
                Locale.ROOT,
                "CPU: idle %.2f cores, measured %.2f cores: %.1f ms of CPU per accepted checkout above idle; at that"
                        + " cost the %d cores carry at most %.0f checkouts/s%n",
                idleCores,
                cores,
                perOrderMillis,
                available,
                available * 1000 / perOrderMillis));
        double orders = acceptedMillis.size();
        out.append(String.format(
                Locale.ROOT,
                "per accepted checkout: %.1f database transactions %s, %.1f Kafka records, %.1f HTTP requests served by"
                        + " the services %s, %.1f calls to the payment provider%n",
                cost.allCommits() / orders,
                perOrder(cost.commits(), orders),
                cost.records() / orders,
                cost.allServed() / orders,
                perOrder(cost.served(), orders),
                cost.providerCalls() / orders));
        out.append("CPU by process (cores measured, cores idle, ms per accepted checkout above idle):\n");
        for (var group : CostMeter.GROUPS) {
            double measured = cost.groupCores().getOrDefault(group, 0.0);
            double quiet = idle.groupCores().getOrDefault(group, 0.0);
            out.append(String.format(
                    Locale.ROOT,
                    "  %-40s %5.2f  %5.2f  %6.1f%n",
                    group,
                    measured,
                    quiet,
                    acceptedPerSecond == 0 ? Double.NaN : (measured - quiet) * 1000 / acceptedPerSecond));
        }
        System.out.print(out);
    }

    private static <T extends Number> String perOrder(Map<String, T> counts, double orders) {
        var parts = new ArrayList<String>();
        counts.forEach(
                (name, count) -> parts.add(String.format(Locale.ROOT, "%s %.1f", name, count.doubleValue() / orders)));
        return "(" + String.join(", ", parts) + ")";
    }

    private static long percentile(java.util.Collection<Long> values, int percentile) {
        if (values.isEmpty()) {
            return -1;
        }
        var sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }
}
