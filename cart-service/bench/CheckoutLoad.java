import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * Add-to-cart + checkout through the gateway at a constant arrival rate, with real customers and their tokens. Run by
 * checkout-bench.sh (which starts the gateway); by hand: java CheckoutLoad.java <gateway url>. JDK only, no build.
 *
 * <p>Setup: an admin creates PRODUCTS products with plenty of stock; CUSTOMERS customers register and log in. Then, for
 * WARMUP seconds (not counted) and DURATION seconds (counted), RATE arrivals a second each take an idle customer, put
 * one unit of a random product in their cart and check out (a new Idempotency-Key each time). An arrival that finds no idle customer is
 * counted as not sent: the system is behind. Every SAMPLE-th accepted order of the measured phase is read once more
 * after it: the time from placed to AWAITING_PAYMENT comes from the order's own history (the times cart-service
 * recorded), so that no polling adds load while the shop is measured.
 *
 * <p>For 5 s before the warm-up and while the measured phase runs, the machine's CPU use is read from /proc/stat, less
 * this program's own: what the shop (gateway, services, PostgreSQL, Kafka, Redis, Keycloak) spends per accepted
 * checkout above what it uses idle, and so how many checkouts a second the machine's cores could carry at that cost.
 */
public class CheckoutLoad {

    static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
    static final Pattern TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");
    static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"([A-Z_]+)\"");
    static final Pattern HISTORY_ENTRY = Pattern.compile("\\{[^{}]*\"status\"\\s*:\\s*\"([A-Z_]+)\"[^{}]*\\}");
    static final Pattern AT = Pattern.compile("\"at\"\\s*:\\s*\"([^\"]+)\"");
    static final String ADDRESS =
            "{\"name\":\"Load Tester\",\"line1\":\"Benchstrasse 1\",\"city\":\"Berlin\",\"postalCode\":\"10115\",\"country\":\"DE\"}";

    final String gateway;
    final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newFixedThreadPool(4))
            .build();

    CheckoutLoad(String gateway) {
        this.gateway = gateway;
    }

    public static void main(String[] args) throws Exception {
        var gateway = args.length > 0 ? args[0] : "http://127.0.0.1:8080";
        if (!gateway.startsWith("http://127.0.0.1:") && !gateway.startsWith("http://localhost:")) {
            throw new IllegalArgumentException("loopback addresses only, not " + gateway);
        }
        int rate = intEnv("RATE", 300);
        int duration = intEnv("DURATION", 30);
        int warmup = intEnv("WARMUP", 60);
        // each customer checks out at most five times a minute: under cart-service's limit of ten
        int customers = intEnv("CUSTOMERS", Math.max(300, rate * 12));
        int products = intEnv("PRODUCTS", 50);
        int sample = intEnv("SAMPLE", 10);
        new CheckoutLoad(gateway).run(rate, duration, warmup, customers, products, sample);
        System.exit(0); // the HTTP client's and the scheduler's threads would keep the JVM alive
    }

    void run(int rate, int duration, int warmup, int customerCount, int productCount, int sample)
            throws Exception {
        var admin = login(env("ADMIN_USER", "admin@example.com"), env("ADMIN_PASSWORD", "admin-manages-2026"));
        // several products, as in a shop: one product for every order would make every reservation wait for the
        // same stock row
        var productIds = new ArrayList<String>();
        for (int i = 0; i < productCount; i++) {
            var sku = "LOAD-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
            var product = send(post("/api/catalog/products", admin, null, """
                    {"sku":"%s","name":"Load test lamp %d","description":"for the checkout benchmark",
                     "category":"home-kitchen","price":{"amount":%d,"currency":"EUR"},"stock":1000000000}"""
                    .formatted(sku, i, 1000 + 100 * i)));
            check(product, 201, "create a product");
            productIds.add(first(ID, product.body()));
        }

        var started = System.nanoTime();
        var customers = new ConcurrentLinkedQueue<String>();
        var registrations = new ArrayList<CompletableFuture<Void>>();
        var gate = new java.util.concurrent.Semaphore(8);
        for (int i = 0; i < customerCount; i++) {
            gate.acquire();
            var email = "load-" + UUID.randomUUID().toString().substring(0, 12) + "@example.com";
            var password = "load-password-" + UUID.randomUUID();
            registrations.add(CompletableFuture.runAsync(() -> {
                        try {
                            var registered = send(post("/api/auth/register", null, null, """
                                    {"email":"%s","password":"%s","firstName":"Load","lastName":"Tester"}"""
                                    .formatted(email, password)));
                            check(registered, 201, "register " + email);
                            customers.add(login(email, password));
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    })
                    .whenComplete((ok, e) -> gate.release()));
        }
        CompletableFuture.allOf(registrations.toArray(CompletableFuture[]::new)).join();
        // cart-service learns of a new product from its event: wait until a cart takes each
        var probe = customers.peek();
        for (var productId : productIds) {
            for (int attempt = 0; ; attempt++) {
                var put = send(put("/api/cart/items/" + productId, probe, "{\"quantity\":1}"));
                if (put.statusCode() == 200) {
                    send(delete("/api/cart/items/" + productId, probe));
                    break;
                }
                if (attempt > 200) {
                    throw new IllegalStateException("cart-service never learned of product " + productId);
                }
                Thread.sleep(100);
            }
        }
        System.out.printf(
                "setup: %d products, %d customers registered and logged in (%.1f s)%n",
                productIds.size(), customers.size(), (System.nanoTime() - started) / 1e9);

        // what the shop uses with no load (its pollers, Keycloak, the JVMs' own threads), to tell the orders' cost apart
        var idleStart = CpuUse.now();
        Thread.sleep(5_000);
        var idle = CpuUse.since(idleStart);
        if (warmup > 0) {
            phase(rate, warmup, customers, productIds, Integer.MAX_VALUE); // not counted
        }
        var result = phase(rate, duration, customers, productIds, sample);
        result.idle = idle;
        sagaTimes(result);
        result.print(rate, duration);
    }

    Result phase(
            int rate, int seconds, ConcurrentLinkedQueue<String> idle, List<String> productIds, int sample)
            throws InterruptedException {
        var result = new Result();
        var scheduler = Executors.newSingleThreadScheduledExecutor();
        var arrivals = new AtomicInteger();
        long total = (long) rate * seconds;
        long periodNanos = 1_000_000_000L / rate;
        var inFlight = ConcurrentHashMap.<CompletableFuture<?>>newKeySet();
        var cpuAtStart = CpuUse.now();
        var start = System.nanoTime();
        scheduler.scheduleAtFixedRate(
                () -> {
                    // catch up on arrivals a late tick missed, so that the rate stays constant
                    long due = Math.min(total, (System.nanoTime() - start) / periodNanos + 1);
                    while (arrivals.get() < due) {
                        int n = arrivals.incrementAndGet();
                        var token = idle.poll();
                        if (token == null) {
                            result.notSent.incrementAndGet();
                            continue;
                        }
                        var productId = productIds.get(ThreadLocalRandom.current().nextInt(productIds.size()));
                        var purchase = purchase(token, productId, n % sample == 0, result)
                                .whenComplete((ok, e) -> idle.add(token));
                        inFlight.add(purchase);
                        purchase.whenComplete((ok, e) -> inFlight.remove(purchase));
                    }
                },
                0,
                Math.max(1, periodNanos / 1000),
                TimeUnit.MICROSECONDS);
        var deadline = start + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline || arrivals.get() < total && System.nanoTime() < deadline + 5_000_000_000L) {
            Thread.sleep(50);
        }
        scheduler.shutdownNow();
        result.elapsedSeconds = (System.nanoTime() - start) / 1e9;
        result.cpu = CpuUse.since(cpuAtStart);
        // let what is in flight finish (bounded), so that its latency counts
        var drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!inFlight.isEmpty() && System.nanoTime() < drainUntil) {
            Thread.sleep(50);
        }
        return result;
    }

    CompletableFuture<Void> purchase(String token, String productId, boolean sampled, Result result) {
        long addStart = System.nanoTime();
        return http.sendAsync(put("/api/cart/items/" + productId, token, "{\"quantity\":1}"), ofString())
                .thenCompose(added -> {
                    result.add.add(System.nanoTime() - addStart);
                    if (added.statusCode() != 200) {
                        result.failed("add " + added.statusCode());
                        return CompletableFuture.completedFuture(null);
                    }
                    long checkoutStart = System.nanoTime();
                    var checkout = post(
                            "/api/cart/checkout",
                            token,
                            UUID.randomUUID().toString(),
                            "{\"paymentMethod\":\"pm_card_visa\",\"shippingAddress\":" + ADDRESS + "}");
                    return http.sendAsync(checkout, ofString()).thenCompose(answer -> {
                        long placed = System.nanoTime();
                        result.checkout.add(placed - checkoutStart);
                        if (answer.statusCode() != 202) {
                            result.failed("checkout " + answer.statusCode());
                            return CompletableFuture.completedFuture(null);
                        }
                        result.accepted.incrementAndGet();
                        if (sampled) {
                            var location = answer.headers().firstValue("Location").orElse("");
                            result.sampled.add(new Sampled(token, location.substring(location.lastIndexOf('/') + 1)));
                        }
                        return CompletableFuture.<Void>completedFuture(null);
                    });
                })
                .exceptionally(e -> {
                    result.failed(e.getClass().getSimpleName());
                    return null;
                });
    }

    /**
     * The time from placed to AWAITING_PAYMENT of each sampled order, from the times in its history. Read after the
     * measured phase, again every half second for orders still PENDING, for at most 60 s.
     */
    void sagaTimes(Result result) throws Exception {
        var waiting = new ArrayList<>(result.sampled);
        var deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!waiting.isEmpty() && System.nanoTime() < deadline) {
            for (var iterator = waiting.iterator(); iterator.hasNext(); ) {
                var order = iterator.next();
                var answer = send(get("/api/orders/" + order.orderId(), order.token()));
                check(answer, 200, "read order " + order.orderId());
                var history = answer.body().substring(answer.body().indexOf("\"history\""));
                var times = new java.util.HashMap<String, java.time.Instant>();
                var entry = HISTORY_ENTRY.matcher(history);
                while (entry.find()) {
                    times.putIfAbsent(entry.group(1), java.time.Instant.parse(first(AT, entry.group())));
                }
                if (times.size() > 1) {
                    iterator.remove();
                    var awaiting = times.get("AWAITING_PAYMENT");
                    if (awaiting == null) {
                        result.failed("order left PENDING, not for AWAITING_PAYMENT");
                    } else {
                        result.toAwaitingPayment.add(Duration.between(times.get("PENDING"), awaiting).toNanos());
                    }
                }
            }
            if (!waiting.isEmpty()) {
                Thread.sleep(500);
            }
        }
        if (!waiting.isEmpty()) {
            result.failures
                    .computeIfAbsent("order still PENDING 60 s after the run", what -> new AtomicInteger())
                    .addAndGet(waiting.size());
        }
    }

    record Sampled(String token, String orderId) {}

    static final class Result {
        final Latencies add = new Latencies();
        final Latencies checkout = new Latencies();
        final Latencies toAwaitingPayment = new Latencies();
        final ConcurrentLinkedQueue<Sampled> sampled = new ConcurrentLinkedQueue<>();
        final AtomicInteger accepted = new AtomicInteger();
        final AtomicInteger notSent = new AtomicInteger();
        final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
        double elapsedSeconds;
        CpuUse.Spent idle;
        CpuUse.Spent cpu;

        void failed(String what) {
            failures.computeIfAbsent(what, w -> new AtomicInteger()).incrementAndGet();
        }

        void print(int rate, int duration) {
            System.out.printf("offered: %d checkouts/s for %d s (%d arrivals)%n", rate, duration, rate * duration);
            System.out.printf(
                    "accepted checkouts: %d = %.1f/s   not sent (no idle customer: the shop is behind): %d   failed: %s%n",
                    accepted.get(), accepted.get() / elapsedSeconds, notSent.get(), failures);
            System.out.println("add to cart          " + add.summary());
            System.out.println("checkout call        " + checkout.summary());
            System.out.println("placed -> AWAITING_PAYMENT (sampled, order history) " + toAwaitingPayment.summary());
            if (cpu != null && idle != null && accepted.get() > 0) {
                double idleCores = idle.machineSeconds() / idle.wallSeconds();
                double shopCores = (cpu.machineSeconds() - cpu.loadGeneratorSeconds()) / cpu.wallSeconds();
                double perCheckout = (shopCores - idleCores) * cpu.wallSeconds() / accepted.get();
                System.out.printf(
                        "CPU: %.2f of %d cores busy before the load (the shop idle), %.2f while measured, %.2f of them"
                                + " this load generator%n",
                        idleCores, cpu.cores(), cpu.machineSeconds() / cpu.wallSeconds(),
                        cpu.loadGeneratorSeconds() / cpu.wallSeconds());
                if (perCheckout > 0) {
                    System.out.printf(
                            "     %.1f ms of CPU per accepted checkout above idle: the %d cores carry at most %.0f"
                                    + " checkouts/s at that cost%n",
                            perCheckout * 1000, cpu.cores(), (cpu.cores() - idleCores) / perCheckout);
                } else {
                    System.out.println("     the shop was busier before the load than under it (an earlier run's"
                            + " backlog?): no figure per checkout; run again once it is idle");
                }
            }
        }
    }

    /** The machine's busy CPU time from /proc/stat (Linux) and this process's own, at one moment. */
    record CpuUse(long busyTicks, long allTicks, long ownNanos, long wallNanos) {

        record Spent(double machineSeconds, double loadGeneratorSeconds, double wallSeconds, int cores) {}

        static CpuUse now() {
            try {
                // cpu  user nice system idle iowait irq softirq steal ...
                String[] ticks = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
                long idle = Long.parseLong(ticks[4]) + Long.parseLong(ticks[5]);
                long all = 0;
                for (int i = 1; i <= 8 && i < ticks.length; i++) {
                    all += Long.parseLong(ticks[i]);
                }
                long own = ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos();
                return new CpuUse(all - idle, all, own, System.nanoTime());
            } catch (Exception notLinux) {
                return null;
            }
        }

        /** What was spent since {@code start}, or null where /proc/stat cannot be read. */
        static Spent since(CpuUse start) {
            var end = now();
            if (start == null || end == null || end.allTicks == start.allTicks) {
                return null;
            }
            int cores = Runtime.getRuntime().availableProcessors();
            double busyShare = (double) (end.busyTicks - start.busyTicks) / (end.allTicks - start.allTicks);
            double wallSeconds = (end.wallNanos - start.wallNanos) / 1e9;
            return new Spent(busyShare * cores * wallSeconds, (end.ownNanos - start.ownNanos) / 1e9, wallSeconds, cores);
        }
    }

    static final class Latencies {
        final List<Long> nanos = Collections.synchronizedList(new ArrayList<>());

        void add(long value) {
            nanos.add(value);
        }

        String summary() {
            List<Long> sorted;
            synchronized (nanos) {
                sorted = new ArrayList<>(nanos);
            }
            if (sorted.isEmpty()) {
                return "n=0";
            }
            Collections.sort(sorted);
            return "n=%d  p50 %6.1f ms  p99 %6.1f ms  max %6.1f ms"
                    .formatted(sorted.size(), at(sorted, 0.50), at(sorted, 0.99), sorted.getLast() / 1e6);
        }

        private static double at(List<Long> sorted, double quantile) {
            int index = (int) Math.ceil(quantile * sorted.size()) - 1;
            return sorted.get(Math.max(0, index)) / 1e6;
        }
    }

    String login(String user, String password) throws Exception {
        var tokens = send(post(
                "/api/auth/token", null, null, "{\"username\":\"%s\",\"password\":\"%s\"}".formatted(user, password)));
        check(tokens, 200, "log in " + user);
        return first(TOKEN, tokens.body());
    }

    HttpRequest get(String path, String token) {
        return request(path, token).GET().build();
    }

    HttpRequest delete(String path, String token) {
        return request(path, token).DELETE().build();
    }

    HttpRequest put(String path, String token, String json) {
        return request(path, token)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json))
                .build();
    }

    HttpRequest post(String path, String token, String idempotencyKey, String json) {
        var request = request(path, token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return request.build();
    }

    HttpRequest.Builder request(String path, String token) {
        var request = HttpRequest.newBuilder(URI.create(gateway + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request;
    }

    HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, ofString());
    }

    static HttpResponse.BodyHandler<String> ofString() {
        return HttpResponse.BodyHandlers.ofString();
    }

    static void check(HttpResponse<String> response, int expected, String what) {
        if (response.statusCode() != expected) {
            throw new IllegalStateException(what + ": " + response.statusCode() + " " + response.body());
        }
    }

    static String first(Pattern pattern, String body) {
        var matcher = pattern.matcher(body);
        if (!matcher.find()) {
            throw new IllegalStateException("no " + pattern + " in " + body);
        }
        return matcher.group(1);
    }

    static int intEnv(String name, int otherwise) {
        var value = System.getenv(name);
        return value == null || value.isBlank() ? otherwise : Integer.parseInt(value);
    }

    static String env(String name, String otherwise) {
        var value = System.getenv(name);
        return value == null || value.isBlank() ? otherwise : value;
    }
}
