package dev.shop.localstack;

import dev.shop.localstack.stripe.PaymentSimulator;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Supplier;

/**
 * PostgreSQL, Redis, a Kafka broker and, when the config asks, Keycloak and the payment-provider simulator, started in
 * that order and stopped in reverse. When one fails
 * to start, what was started is stopped again before the failure is reported.
 */
public final class LocalStack implements AutoCloseable {

    /** What the stack reports while it starts: a component's name, its address and the time it took. */
    public interface Progress {
        void starting(String component);

        void ready(String component, String address, long millis);

        Progress SILENT = new Progress() {
            @Override
            public void starting(String component) {}

            @Override
            public void ready(String component, String address, long millis) {}
        };
    }

    private final StackConfig config;
    private final Postgres postgres;
    private final Redis redis;
    private final KafkaBroker kafka;
    private final Keycloak keycloak;
    private final PaymentSimulator simulator;
    private final MailServer mail;
    private final ObjectStore objectStore;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();

    private LocalStack(StackConfig config) {
        this.config = config;
        this.postgres = new Postgres(config);
        this.redis = new Redis(config);
        this.kafka = new KafkaBroker(config);
        this.keycloak = new Keycloak(config);
        this.simulator = new PaymentSimulator(config.simulatorPort());
        this.mail = new MailServer(config.smtpPort(), config.imapPort());
        this.objectStore = new ObjectStore(config);
    }

    public static LocalStack start(StackConfig config, Progress progress) {
        return start(config, progress, () -> {});
    }

    /**
     * Starts the stack, and runs {@code whileKeycloakStarts} once every other component is ready and before Keycloak
     * is awaited: work that needs the rest of the stack but not Keycloak yet (launching the services, which fetch
     * Keycloak's keys only with the first token they check) overlaps its start.
     */
    public static LocalStack start(StackConfig config, Progress progress, Runnable whileKeycloakStarts) {
        var stack = new LocalStack(config);
        if (config.persistent()) {
            Leftovers.stopFrom(config);
        }
        try {
            var keycloakBegin = System.nanoTime();
            if (config.keycloak()) {
                // the slowest component starts first and is awaited last
                progress.starting("Keycloak");
                stack.started.push(stack.keycloak);
                stack.keycloak.launch();
            }
            stack.startComponent(
                    progress,
                    "PostgreSQL",
                    stack.postgres,
                    stack.postgres::start,
                    () -> stack.postgres.jdbcUrl("") + " (databases " + String.join(", ", config.databases()) + ")");
            stack.startComponent(progress, "Redis", stack.redis, stack.redis::start, stack.redis::url);
            stack.startComponent(
                    progress,
                    "Kafka",
                    stack.kafka,
                    () -> {
                        stack.kafka.start();
                        stack.kafka.createTopics(config.topics());
                    },
                    () -> stack.kafka.bootstrapServers() + " ("
                            + config.topics().size() + " topics)");
            if (config.simulator()) {
                stack.startComponent(
                        progress,
                        "Payment simulator",
                        stack.simulator,
                        stack.simulator::start,
                        () -> stack.simulator.baseUrl() + " (Stripe API /v1, key " + PaymentSimulator.SECRET_KEY
                                + "; charges at " + stack.simulator.baseUrl() + "/simulator/charges?order_id=)");
            }
            if (config.mail()) {
                stack.startComponent(progress, "Mail (GreenMail)", stack.mail, stack.mail::start, stack.mail::address);
            }
            if (config.objectStore()) {
                stack.startComponent(
                        progress,
                        "Object store (s3proxy)",
                        stack.objectStore,
                        stack.objectStore::start,
                        stack.objectStore::address);
            }
            whileKeycloakStarts.run();
            if (config.keycloak()) {
                stack.keycloak.awaitReady();
                progress.ready(
                        "Keycloak",
                        stack.keycloak.baseUrl() + " (realm " + Keycloak.REALM + "; admin console "
                                + stack.keycloak.baseUrl() + "/admin, " + Keycloak.ADMIN_USERNAME + "/"
                                + Keycloak.ADMIN_PASSWORD + ")",
                        (System.nanoTime() - keycloakBegin) / 1_000_000);
            }
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
        return stack;
    }

    public StackConfig config() {
        return config;
    }

    public Postgres postgres() {
        return postgres;
    }

    public Redis redis() {
        return redis;
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    /** Keycloak; started with the stack for the local run, on the first {@link Keycloak#start()} in tests. */
    public Keycloak keycloak() {
        return keycloak;
    }

    /**
     * The Stripe-compatible payment-provider simulator; started with the stack when the config asks, else on the first
     * {@link PaymentSimulator#start()} (tests).
     */
    public PaymentSimulator simulator() {
        return simulator;
    }

    /**
     * The SMTP/IMAP server that receives the shop's mails; started with the stack when the config asks, else on the
     * first {@link MailServer#start()} (tests).
     */
    public MailServer mail() {
        return mail;
    }

    /**
     * The S3-compatible object store of the product images; started with the stack when the config asks, else on the
     * first {@link ObjectStore#start()} (tests).
     */
    public ObjectStore objectStore() {
        return objectStore;
    }

    @Override
    public void close() {
        if (!started.contains(objectStore)) {
            started.push(objectStore); // a test may have started it on demand
        }
        if (!started.contains(mail)) {
            started.push(mail); // a test may have started it on demand
        }
        if (!started.contains(simulator)) {
            started.push(simulator); // a test may have started it on demand
        }
        if (!started.contains(keycloak)) {
            started.push(keycloak); // a test may have started it on demand
        }
        RuntimeException failure = null;
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("Stopping the local stack failed", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void startComponent(
            Progress progress, String name, AutoCloseable component, Runnable start, Supplier<String> address) {
        progress.starting(name);
        var begin = System.nanoTime();
        started.push(component); // pushed first: a half-started component is stopped too
        start.run();
        progress.ready(name, address.get(), (System.nanoTime() - begin) / 1_000_000);
    }
}
