package dev.shop.localstack.stripe;

import com.github.tomakehurst.wiremock.common.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The simulator's webhook endpoint: every {@code payment_intent.succeeded}, {@code payment_intent.payment_failed} and
 * {@code charge.refunded} becomes a Stripe event, signed with the endpoint secret ({@code Stripe-Signature}) and POSTed
 * to the target URL, asynchronously (so it may arrive before or after the API call that caused it has answered, as with
 * Stripe). Like Stripe, a delivery that
 * gets no 2xx is retried with a growing pause (here {@link #MAX_ATTEMPTS} attempts from 250 ms up to 5 s, not three
 * days), and each attempt is signed anew with its own timestamp. For tests the endpoint can hold events until
 * {@link #release()}, delay them, or drop them.
 */
public final class Webhooks {

    /** The local endpoint secret, shared with payment-service's default {@code shop.payment.stripe.webhook-secret}. */
    public static final String DEFAULT_SECRET = "whsec_shop_local_simulator";

    static final int MAX_ATTEMPTS = 6;
    private static final Duration FIRST_RETRY = Duration.ofMillis(250);
    private static final Duration LONGEST_RETRY = Duration.ofSeconds(5);
    private static final char[] ID_ALPHABET =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    /** What happens to a new event. */
    public enum Mode {
        /** sent at once (after {@link #delay(Duration)}, if one is set) */
        DELIVER,
        /** kept until {@link #release()} */
        HOLD,
        /** recorded and never sent */
        DROP
    }

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final HttpClient http;
    private final ScheduledExecutorService scheduler;
    private final List<Event> events = new ArrayList<>();
    private @Nullable URI target;
    private String secret;
    private Mode mode = Mode.DELIVER;
    private Duration delay = Duration.ZERO;
    private String apiVersion = StripeApi.DEFAULT_VERSION;

    Webhooks(Clock clock, String secret) {
        this.clock = clock;
        this.secret = requireSecret(secret);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            var thread = new Thread(runnable, "payment-simulator-webhooks");
            thread.setDaemon(true);
            return thread;
        });
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(2))
                .executor(scheduler)
                .build();
    }

    /** Where events go from now on (payment-service's {@code /api/payments/webhook}); null: nowhere. */
    public synchronized Webhooks target(@Nullable URI target) {
        this.target = target;
        return this;
    }

    public synchronized @Nullable URI target() {
        return target;
    }

    /** The endpoint secret events are signed with from now on. */
    public synchronized Webhooks secret(String secret) {
        this.secret = requireSecret(secret);
        return this;
    }

    public synchronized String secret() {
        return secret;
    }

    /** New events are sent at once, and no delay is added; held events stay held until {@link #release()}. */
    public synchronized Webhooks deliver() {
        mode = Mode.DELIVER;
        delay = Duration.ZERO;
        return this;
    }

    /** New events are sent only on {@link #release()}: a test orders them against other things. */
    public synchronized Webhooks hold() {
        mode = Mode.HOLD;
        return this;
    }

    /** New events are recorded but never sent. */
    public synchronized Webhooks drop() {
        mode = Mode.DROP;
        return this;
    }

    /** New events are sent {@code delay} after they happen. */
    public synchronized Webhooks delay(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative");
        }
        this.mode = Mode.DELIVER;
        this.delay = delay;
        return this;
    }

    public synchronized Mode mode() {
        return mode;
    }

    /** Sends every held event now, oldest first. */
    public synchronized Webhooks release() {
        for (var event : events) {
            if (event.state.equals("held")) {
                event.state = "pending";
                schedule(event, Duration.ZERO);
            }
        }
        return this;
    }

    /** Forgets the events still held: they are never sent (a test's leftovers do not reach the next test). */
    public synchronized Webhooks discardHeld() {
        for (var event : events) {
            if (event.state.equals("held")) {
                event.state = "dropped";
            }
        }
        return this;
    }

    /** Every event so far, oldest first. */
    public synchronized List<WebhookDelivery> deliveries() {
        return events.stream().map(Event::snapshot).toList();
    }

    /** The events about one object ({@code pi_...} or {@code ch_...}), oldest first. */
    public synchronized List<WebhookDelivery> deliveries(String objectId) {
        return events.stream()
                .filter(event -> event.objectId.equals(objectId))
                .map(Event::snapshot)
                .toList();
    }

    /** Forgets the events and goes back to {@link Mode#DELIVER}; the target and the secret stay. */
    synchronized void clear() {
        events.clear();
        deliver();
    }

    synchronized Map<String, Object> toJson() {
        var json = new LinkedHashMap<String, Object>();
        json.put("url", target == null ? null : target.toString());
        json.put("mode", mode.name().toLowerCase(Locale.ROOT));
        json.put("delay_ms", delay.toMillis());
        json.put("api_version", apiVersion);
        json.put("data", events.stream().map(event -> event.snapshot().toJson()).toList());
        return json;
    }

    /**
     * The admin API's {@code PUT /simulator/webhooks}: {@code url}, {@code mode}, {@code delay_ms} and
     * {@code api_version}, all optional.
     */
    synchronized void configure(Map<String, Object> settings) {
        for (var name : settings.keySet()) {
            if (!List.of("url", "mode", "delay_ms", "api_version").contains(name)) {
                throw new IllegalArgumentException("unknown field: " + name);
            }
        }
        var url = settings.get("url");
        URI newTarget = target;
        if (settings.containsKey("url")) {
            try {
                newTarget = url == null ? null : URI.create(url.toString());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("url is not a URI: " + url);
            }
            if (newTarget != null && !List.of("http", "https").contains(String.valueOf(newTarget.getScheme()))) {
                throw new IllegalArgumentException("url must be http or https: " + url);
            }
        }
        Mode newMode = mode;
        if (settings.get("mode") != null) {
            try {
                newMode = Mode.valueOf(settings.get("mode").toString().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("mode must be deliver, hold or drop");
            }
        }
        Duration newDelay = delay;
        if (settings.get("delay_ms") != null) {
            if (!(settings.get("delay_ms") instanceof Number number) || number.longValue() < 0) {
                throw new IllegalArgumentException("delay_ms must be a non-negative number");
            }
            newDelay = Duration.ofMillis(number.longValue());
        }
        String newVersion = apiVersion;
        if (settings.get("api_version") != null) {
            newVersion = settings.get("api_version").toString();
            if (!StripeApi.isApiVersion(newVersion)) {
                throw new IllegalArgumentException("api_version must look like 2024-06-20 or 2025-11-17.clover");
            }
        }
        target = newTarget;
        mode = newMode;
        delay = newDelay;
        apiVersion = newVersion;
    }

    /**
     * Renders new events with {@code version}, as Stripe renders an account's events with the API version the account
     * (or its webhook endpoint) is set to; a client library deserializes the event's object only at its own version.
     */
    public synchronized void apiVersion(String version) {
        if (!StripeApi.isApiVersion(version)) {
            throw new IllegalArgumentException("not an API version: " + version);
        }
        apiVersion = version;
    }

    /** A new event of {@code type} about {@code object}, handled as the mode in force says. */
    synchronized void publish(String type, Map<String, Object> object) {
        var body = new LinkedHashMap<String, Object>();
        var id = newId();
        body.put("id", id);
        body.put("object", "event");
        body.put("api_version", apiVersion);
        body.put("created", clock.instant().getEpochSecond());
        body.put("data", Map.of("object", object));
        body.put("livemode", false);
        body.put("pending_webhooks", 1);
        body.put("type", type);
        var event = new Event(id, type, String.valueOf(object.get("id")), Json.write(body));
        events.add(event);
        switch (mode) {
            case DROP -> event.state = "dropped";
            case HOLD -> event.state = "held";
            case DELIVER -> schedule(event, delay);
        }
    }

    private void schedule(Event event, Duration after) {
        scheduler.schedule(() -> attempt(event), after.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void attempt(Event event) {
        URI to;
        String signature;
        synchronized (this) {
            to = target;
            event.attempts++;
            // like Stripe, every attempt is signed with the time it is sent, so a retry is never stale
            signature = WebhookSignature.header(
                    secret, clock.instant().getEpochSecond(), event.payload.getBytes(StandardCharsets.UTF_8));
        }
        if (to == null) {
            retryOrGiveUp(event, null);
            return;
        }
        var request = HttpRequest.newBuilder(to)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json; charset=utf-8")
                .header("Stripe-Signature", signature)
                .header("User-Agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)")
                .POST(HttpRequest.BodyPublishers.ofString(event.payload, StandardCharsets.UTF_8))
                .build();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            if (response != null && response.statusCode() / 100 == 2) {
                synchronized (this) {
                    event.state = "delivered";
                    event.lastStatus = response.statusCode();
                }
            } else {
                retryOrGiveUp(event, response == null ? null : response.statusCode());
            }
        });
    }

    private synchronized void retryOrGiveUp(Event event, @Nullable Integer status) {
        event.lastStatus = status;
        if (!events.contains(event)) {
            return; // forgotten by a reset
        }
        if (event.attempts >= MAX_ATTEMPTS) {
            event.state = "failed";
            return;
        }
        var pause = FIRST_RETRY.multipliedBy(1L << Math.min(event.attempts - 1, 10));
        schedule(event, pause.compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : pause);
    }

    private String newId() {
        var id = new StringBuilder("evt_");
        for (int i = 0; i < 24; i++) {
            id.append(ID_ALPHABET[random.nextInt(ID_ALPHABET.length)]);
        }
        return id.toString();
    }

    private static String requireSecret(String secret) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("a webhook secret is required");
        }
        return secret;
    }

    private static final class Event {
        final String id;
        final String type;
        final String objectId;
        final String payload;
        String state = "pending";
        int attempts;

        @Nullable
        Integer lastStatus;

        Event(String id, String type, String objectId, String payload) {
            this.id = id;
            this.type = type;
            this.objectId = objectId;
            this.payload = payload;
        }

        WebhookDelivery snapshot() {
            return new WebhookDelivery(id, type, objectId, payload, state, attempts, lastStatus);
        }
    }
}
