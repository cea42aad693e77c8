package dev.shop.localstack.stripe;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.common.ConsoleNotifier;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.shop.localstack.Ports;
import dev.shop.localstack.StartupException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A Stripe-compatible payment provider on the loopback, on WireMock: {@code POST /v1/payment_intents},
 * {@code POST /v1/payment_intents/{id}/confirm}, {@code .../cancel}, {@code GET /v1/payment_intents/{id}},
 * {@code POST /v1/refunds}, with Stripe's idempotency keys, bearer secret key and test payment methods
 * ({@code pm_card_visa} succeeds, {@code pm_card_chargeDeclined} is declined with 402 {@code card_declined}). Faults are
 * switched at run time, in Java ({@link #inject}) or over HTTP ({@code /simulator/faults}), and every charge is
 * recorded ({@link #charges}, {@code GET /simulator/charges?order_id=}). Signed webhooks go to the URL set on
 * {@link #webhooks()} (or {@code PUT /simulator/webhooks}).
 */
public final class PaymentSimulator implements AutoCloseable {

    /** The secret key the simulator accepts; for the local stack and tests only. */
    public static final String SECRET_KEY = "sk_test_shop_local_simulator";

    /** Request threads: a slow provider holds one per request, so a stream of slow requests needs many. */
    private static final int REQUEST_THREADS = 64;

    private final int port;
    private final Webhooks webhooks;
    private final Ledger ledger;
    private final IdempotencyKeys keys = new IdempotencyKeys(Clock.systemUTC());
    private final FaultSwitch faults = new FaultSwitch();
    private final StripeApi api;
    private final String bindAddress;
    private @Nullable WireMockServer server;

    /** A simulator whose webhooks are signed with {@link Webhooks#DEFAULT_SECRET} and sent nowhere until targeted. */
    public PaymentSimulator(int port) {
        this(port, "127.0.0.1");
    }

    /** The same, listening on {@code bindAddress} (a container binds every interface: {@code 0.0.0.0}). */
    public PaymentSimulator(int port, String bindAddress) {
        this.port = port;
        this.bindAddress = bindAddress;
        this.webhooks = new Webhooks(Clock.systemUTC(), Webhooks.DEFAULT_SECRET);
        this.ledger = new Ledger(Clock.systemUTC(), webhooks);
        this.api = new StripeApi(SECRET_KEY, ledger, keys, faults, webhooks);
    }

    /** Starts the simulator on its port; does nothing when it already runs. */
    public synchronized void start() {
        if (server != null) {
            return;
        }
        Ports.requireFree("payment simulator", port, "SHOP_SIMULATOR_PORT");
        var wireMock = new WireMockServer(WireMockConfiguration.options()
                .port(port)
                .bindAddress(bindAddress)
                .containerThreads(REQUEST_THREADS)
                .disableRequestJournal() // the ledger is the record; a journal of every request would only grow
                .stubRequestLoggingDisabled(true)
                .notifier(new ConsoleNotifier(false))
                .jettyStopTimeout(1000L)
                .extensions(api));
        wireMock.stubFor(any(anyUrl()).willReturn(aResponse().withTransformers(StripeApi.NAME)));
        try {
            wireMock.start();
        } catch (RuntimeException e) {
            throw new StartupException(
                    "The payment simulator did not start on port " + port + ": " + e.getMessage(), e);
        }
        server = wireMock;
    }

    public synchronized boolean isRunning() {
        var running = server;
        return running != null && running.isRunning();
    }

    public int port() {
        return port;
    }

    /** The API base, as {@code shop.payment.stripe.api-base} wants it. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public String secretKey() {
        return SECRET_KEY;
    }

    /** Injects {@code plan} from now on, replacing the one in force. */
    public void inject(FaultPlan plan) {
        faults.set(plan);
    }

    public void clearFaults() {
        faults.clear();
    }

    public FaultPlan faults() {
        return faults.current();
    }

    /** Every charge attempt (succeeded or declined) of PaymentIntents whose {@code metadata[order_id]} is {@code orderId}. */
    public List<Charge> charges(UUID orderId) {
        return ledger.charges(orderId.toString());
    }

    /** Whether a request with this idempotency key is running now: a second one with it would get 409. */
    public boolean keyInUse(String idempotencyKey) {
        return keys.inUse(idempotencyKey);
    }

    /** The API requests about one order so far, by operation ({@code create}, {@code confirm}, ...). */
    public Map<String, Long> requestCounts(UUID orderId) {
        return api.requestCounts(orderId.toString());
    }

    /** The statuses of the PaymentIntents whose {@code metadata[order_id]} is {@code orderId}, by id, oldest first. */
    public Map<String, String> intents(UUID orderId) {
        return ledger.intentStatuses(orderId.toString());
    }

    /**
     * The webhook endpoint: where signed events go ({@code target}), with which secret, and whether they are sent,
     * held, delayed or dropped.
     */
    public Webhooks webhooks() {
        return webhooks;
    }

    /** Requests received per operation ({@code create}, {@code confirm}, ...) since the start or the last reset. */
    public Map<String, Long> requestCounts() {
        return api.requestCounts();
    }

    public synchronized void stop() {
        var running = server;
        server = null;
        if (running != null) {
            running.stop();
        }
    }

    @Override
    public void close() {
        stop();
    }
}
