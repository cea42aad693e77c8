package dev.shop.localstack.stripe;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.common.Json;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Answers every request of the simulator: the Stripe API under {@code /v1} and the admin API under
 * {@code /simulator}. It runs on WireMock's request threads, so latency is injected by sleeping on one of them.
 */
final class StripeApi implements ResponseDefinitionTransformerV2 {

    static final String NAME = "stripe-simulator";
    /** The API version the simulator answers with when a request pins none. */
    static final String DEFAULT_VERSION = "2024-06-20";

    private static final Pattern INTENT = Pattern.compile("/v1/payment_intents/(pi_[A-Za-z0-9]+)");
    private static final Pattern INTENT_ACTION =
            Pattern.compile("/v1/payment_intents/(pi_[A-Za-z0-9]+)/(confirm|cancel)");
    private static final Pattern ORDER_IN_QUERY =
            Pattern.compile("metadata\\[['\"]order_id['\"]]\\s*:\\s*['\"]([^'\"]+)['\"]");
    private static final Pattern VERSION = Pattern.compile("\\d{4}-\\d{2}-\\d{2}(\\.[a-z]+)?");
    private static final int MAX_KEY_LENGTH = 255;

    /**
     * The parameters (top-level names) each operation takes: what the simulator implements. Anything else is refused
     * as Stripe refuses a parameter it does not know, so that a client never relies on something the simulator only
     * pretends to do.
     */
    private static final Map<String, Set<String>> PARAMETERS = Map.of(
            "create",
            Set.of(
                    "amount",
                    "currency",
                    "payment_method",
                    "confirm",
                    "metadata",
                    "automatic_payment_methods",
                    "payment_method_types",
                    "return_url",
                    "expand"),
            "retrieve",
            Set.of("expand"),
            "list",
            Set.of("limit", "starting_after", "ending_before", "expand"),
            "search",
            Set.of("query", "limit", "page", "expand"),
            "confirm",
            Set.of("payment_method", "return_url", "expand"),
            "cancel",
            Set.of("cancellation_reason", "expand"),
            "refund",
            Set.of("payment_intent", "charge", "amount", "reason", "metadata", "expand"));

    /** What each operation can expand ({@code expand[]}): a PaymentIntent's charge, alone or in a list. */
    private static final Map<String, Set<String>> EXPANDABLE = Map.of(
            "create", Set.of("latest_charge"),
            "retrieve", Set.of("latest_charge"),
            "confirm", Set.of("latest_charge"),
            "cancel", Set.of("latest_charge"),
            "list", Set.of("data.latest_charge"),
            "search", Set.of("data.latest_charge"),
            "refund", Set.of());

    private final String secretKey;
    private final Ledger ledger;
    private final IdempotencyKeys keys;
    private final FaultSwitch faults;
    private final Webhooks webhooks;
    private final Map<String, AtomicLong> requests = new ConcurrentHashMap<>();
    private final Map<String, Map<String, AtomicLong>> requestsByOrder = new ConcurrentHashMap<>();

    StripeApi(String secretKey, Ledger ledger, IdempotencyKeys keys, FaultSwitch faults, Webhooks webhooks) {
        this.secretKey = secretKey;
        this.webhooks = webhooks;
        this.ledger = ledger;
        this.keys = keys;
        this.faults = faults;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        var request = serveEvent.getRequest();
        var path = URI.create(request.getUrl()).getRawPath();
        if (path.startsWith("/simulator/") || path.equals("/simulator")) {
            return admin(request, path);
        }
        return api(request, path);
    }

    Map<String, Long> requestCounts() {
        var counts = new TreeMap<String, Long>();
        requests.forEach((operation, count) -> counts.put(operation, count.get()));
        return counts;
    }

    /** The requests about one order, by operation. */
    Map<String, Long> requestCounts(String orderId) {
        var counts = new TreeMap<String, Long>();
        requestsByOrder
                .getOrDefault(orderId, Map.of())
                .forEach((operation, count) -> counts.put(operation, count.get()));
        return counts;
    }

    void clearCounts() {
        requests.clear();
        requestsByOrder.clear();
    }

    /** The order a request is about, from its metadata, its intent or its search query; null when it names none. */
    private @Nullable String orderOf(String operation, String path, FormParams params) {
        return switch (operation) {
            case "create" -> params.get("metadata[order_id]");
            case "retrieve" -> ledger.orderOf(intentId(INTENT, path));
            case "confirm", "cancel" -> ledger.orderOf(intentId(INTENT_ACTION, path));
            case "refund" -> {
                var intent = params.get("payment_intent");
                yield intent == null ? null : ledger.orderOf(intent);
            }
            case "search" -> {
                var query = params.get("query");
                var matcher = query == null ? null : ORDER_IN_QUERY.matcher(query);
                yield matcher != null && matcher.find() ? matcher.group(1) : null;
            }
            default -> null;
        };
    }

    private ResponseDefinition api(Request request, String path) {
        var method = request.getMethod();
        var operation = operation(method, path);
        var params = RequestMethod.POST.equals(method)
                ? FormParams.parse(request.getBodyAsString())
                : FormParams.parse(URI.create(request.getUrl()).getRawQuery());
        var order = operation.map(name -> orderOf(name, path, params)).orElse(null);
        requests.computeIfAbsent(operation.orElse("unknown"), o -> new AtomicLong())
                .incrementAndGet();
        if (order != null) {
            requestsByOrder
                    .computeIfAbsent(order, o -> new ConcurrentHashMap<>())
                    .computeIfAbsent(operation.get(), o -> new AtomicLong())
                    .incrementAndGet();
        }
        var fault = operation.flatMap(name -> faults.take(name, order)).orElse(FaultPlan.none());
        if (fault.down()) {
            return reset(); // unreachable: nothing runs, nothing is kept
        }
        var version = request.getHeader("Stripe-Version");
        var answeredVersion = version == null ? DEFAULT_VERSION : version;
        var authentication = authenticate(request.getHeader("Authorization"));
        if (authentication != null) {
            return answer(authentication, answeredVersion, false);
        }
        if (version != null && !VERSION.matcher(version).matches()) {
            return answer(ApiResponse.invalid("Invalid Stripe API version: " + version, null), DEFAULT_VERSION, false);
        }
        if (operation.isEmpty()) {
            return answer(
                    ApiResponse.rejected(
                            404,
                            "invalid_request_error",
                            null,
                            "Unrecognized request URL (" + method + ": " + path + ").",
                            null),
                    answeredVersion,
                    false);
        }
        var unsupported = unsupported(operation.get(), params);
        if (unsupported != null) {
            return answer(unsupported, answeredVersion, false);
        }
        var key = RequestMethod.POST.equals(method) ? request.getHeader("Idempotency-Key") : null;
        if (key != null && (key.isEmpty() || key.length() > MAX_KEY_LENGTH)) {
            return answer(
                    ApiResponse.invalid("Idempotency keys must be 1 to " + MAX_KEY_LENGTH + " characters.", null),
                    answeredVersion,
                    false);
        }
        if (key != null) {
            var claim = keys.claim(key, method + " " + path + " " + params.fingerprint());
            switch (claim) {
                case IdempotencyKeys.Replay replay -> {
                    return answer(replay.response(), answeredVersion, true);
                }
                case IdempotencyKeys.Refuse refuse -> {
                    return answer(refuse.response(), answeredVersion, false);
                }
                case IdempotencyKeys.Run run -> {
                    // run below, holding the key
                }
            }
        }
        ApiResponse response;
        try {
            response = run(operation.get(), path, params, fault, request.getHeader("traceparent"));
        } catch (RuntimeException e) {
            if (key != null) {
                keys.release(key);
            }
            throw e;
        }
        if (key != null) {
            if (response.stored()) {
                keys.complete(key, response);
            } else {
                keys.release(key);
            }
        }
        if (fault.resetRate() > 0 && ThreadLocalRandom.current().nextDouble() < fault.resetRate()) {
            return reset(); // it happened, but the caller never hears so
        }
        return answer(response, answeredVersion, false);
    }

    private ApiResponse run(
            String operation, String path, FormParams params, FaultPlan fault, @Nullable String traceparent) {
        pause(fault);
        var fails = fault.errorRate() > 0 && ThreadLocalRandom.current().nextDouble() < fault.errorRate();
        if (fails && !fault.errorAfterProcessing()) {
            return injectedError(fault.errorStatus());
        }
        var response = ledger.expand(execute(operation, path, params, traceparent), params.expansions());
        return fails ? injectedError(fault.errorStatus()) : response;
    }

    /** Stripe's answer to a parameter or an expansion the operation does not take; null when there is none. */
    private static @Nullable ApiResponse unsupported(String operation, FormParams params) {
        for (var name : params.values().keySet()) {
            var topLevel = name.contains("[") ? name.substring(0, name.indexOf('[')) : name;
            if (!PARAMETERS.get(operation).contains(topLevel)) {
                return ApiResponse.rejected(
                        400, "invalid_request_error", "parameter_unknown", "Received unknown parameter: " + name, name);
            }
        }
        for (var expansion : params.expansions()) {
            if (!EXPANDABLE.get(operation).contains(expansion)) {
                return ApiResponse.rejected(
                        400,
                        "invalid_request_error",
                        null,
                        "This property cannot be expanded (" + expansion + ").",
                        null);
            }
        }
        return null;
    }

    private ApiResponse execute(String operation, String path, FormParams params, @Nullable String traceparent) {
        return switch (operation) {
            case "create" -> ledger.create(params, traceparent);
            case "retrieve" -> ledger.retrieve(intentId(INTENT, path));
            case "list" -> ledger.list(params);
            case "search" -> ledger.search(params);
            case "confirm" -> ledger.confirm(intentId(INTENT_ACTION, path), params, traceparent);
            case "cancel" -> ledger.cancel(intentId(INTENT_ACTION, path), params);
            case "refund" -> ledger.refund(params);
            default -> throw new IllegalStateException("unknown operation " + operation);
        };
    }

    private static ApiResponse injectedError(int status) {
        if (status == 429) {
            // rate limiting happens before a request executes: Stripe keeps no result for the key
            return ApiResponse.rejected(
                    429, "invalid_request_error", "rate_limit", "Too many requests hit the API too quickly.", null);
        }
        var type = status >= 500 ? "api_error" : "invalid_request_error";
        return new ApiResponse(
                status,
                Json.write(Map.of(
                        "error",
                        ApiResponse.error(
                                type,
                                null,
                                "An error occurred with our connection to Stripe. Request failed (injected fault).",
                                null))),
                status >= 500);
    }

    /** Whether {@code version} has the form of a Stripe API version ({@code 2024-06-20}, {@code 2025-11-17.clover}). */
    static boolean isApiVersion(String version) {
        return VERSION.matcher(version).matches();
    }

    private static Optional<String> operation(RequestMethod method, String path) {
        if (RequestMethod.POST.equals(method) && path.equals("/v1/payment_intents")) {
            return Optional.of("create");
        }
        if (RequestMethod.GET.equals(method) && INTENT.matcher(path).matches()) {
            return Optional.of("retrieve");
        }
        if (RequestMethod.GET.equals(method) && path.equals("/v1/payment_intents")) {
            return Optional.of("list");
        }
        if (RequestMethod.GET.equals(method) && path.equals("/v1/payment_intents/search")) {
            return Optional.of("search");
        }
        var action = INTENT_ACTION.matcher(path);
        if (RequestMethod.POST.equals(method) && action.matches()) {
            return Optional.of(action.group(2));
        }
        if (RequestMethod.POST.equals(method) && path.equals("/v1/refunds")) {
            return Optional.of("refund");
        }
        return Optional.empty();
    }

    private static String intentId(Pattern pattern, String path) {
        var matcher = pattern.matcher(path);
        if (!matcher.matches()) {
            throw new IllegalStateException("not an intent path: " + path);
        }
        return matcher.group(1);
    }

    private @Nullable ApiResponse authenticate(@Nullable String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return ApiResponse.rejected(
                    401,
                    "invalid_request_error",
                    null,
                    "You did not provide an API key. You need to provide your API key in the Authorization header, "
                            + "using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
                    null);
        }
        String given;
        if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            given = authorization.substring(7).trim();
        } else if (authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                var decoded = new String(
                        Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
                given = decoded.contains(":") ? decoded.substring(0, decoded.indexOf(':')) : decoded;
            } catch (IllegalArgumentException e) {
                given = "";
            }
        } else {
            given = "";
        }
        if (given.equals(secretKey)) {
            return null;
        }
        var shown = given.length() > 8 ? given.substring(0, 8) + "*".repeat(given.length() - 8) : given;
        return ApiResponse.rejected(
                401, "invalid_request_error", "api_key_invalid", "Invalid API Key provided: " + shown, null);
    }

    private static void pause(FaultPlan fault) {
        if (fault.latency().isZero()) {
            return;
        }
        try {
            Thread.sleep(fault.latency()); // a WireMock request thread: a slow provider is a busy thread
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ResponseDefinition answer(ApiResponse response, String version, boolean replayed) {
        var builder = ResponseDefinitionBuilder.responseDefinition()
                .withStatus(response.status())
                .withHeader("Content-Type", "application/json")
                .withHeader(
                        "Request-Id",
                        "req_" + UUID.randomUUID().toString().replace("-", "").substring(0, 14))
                .withHeader("Stripe-Version", version)
                .withBody(response.body());
        if (replayed) {
            builder = builder.withHeader("Idempotent-Replayed", "true");
        }
        return builder.build();
    }

    private static ResponseDefinition reset() {
        return ResponseDefinitionBuilder.responseDefinition()
                .withFault(Fault.CONNECTION_RESET_BY_PEER)
                .build();
    }

    // ---- admin API ----

    private ResponseDefinition admin(Request request, String path) {
        var method = request.getMethod();
        try {
            return switch (path) {
                case "/simulator/faults" ->
                    switch (method.getName()) {
                        case "GET" -> json(200, faults.toJson());
                        case "PUT", "POST" -> {
                            faults.set(FaultPlan.fromJson(readObject(request)));
                            yield json(200, faults.toJson());
                        }
                        case "DELETE" -> {
                            faults.clear();
                            yield json(200, faults.toJson());
                        }
                        default -> notAllowed();
                    };
                case "/simulator/webhooks" ->
                    switch (method.getName()) {
                        case "GET" -> json(200, webhooks.toJson());
                        case "PUT", "POST" -> {
                            webhooks.configure(readObject(request));
                            yield json(200, webhooks.toJson());
                        }
                        default -> notAllowed();
                    };
                case "/simulator/webhooks/release" -> {
                    if (!RequestMethod.POST.equals(method)) {
                        yield notAllowed();
                    }
                    webhooks.release();
                    yield json(200, webhooks.toJson());
                }
                case "/simulator/charges" -> RequestMethod.GET.equals(method) ? charges(request) : notAllowed();
                case "/simulator/requests" ->
                    RequestMethod.GET.equals(method) ? json(200, Map.of("requests", requestCounts())) : notAllowed();
                case "/simulator/reset" -> {
                    if (!RequestMethod.POST.equals(method)) {
                        yield notAllowed();
                    }
                    ledger.clear();
                    keys.clear();
                    faults.clear();
                    webhooks.clear();
                    clearCounts();
                    yield ResponseDefinitionBuilder.responseDefinition()
                            .withStatus(204)
                            .build();
                }
                default -> json(404, Map.of("error", "no such admin resource: " + path));
            };
        } catch (IllegalArgumentException e) {
            return json(400, Map.of("error", e.getMessage()));
        }
    }

    private ResponseDefinition charges(Request request) {
        var orderId = queryParameter(request, "order_id");
        var charges = ledger.charges(orderId);
        var body = new LinkedHashMap<String, Object>();
        body.put("order_id", orderId);
        body.put("succeeded", charges.stream().filter(Charge::succeeded).count());
        body.put(
                "amount_charged",
                charges.stream()
                        .filter(Charge::succeeded)
                        .mapToLong(Charge::amount)
                        .sum());
        body.put(
                "amount_refunded",
                charges.stream().mapToLong(Charge::amountRefunded).sum());
        body.put("data", charges.stream().map(Charge::toJson).toList());
        return json(200, body);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readObject(Request request) {
        var body = request.getBodyAsString();
        if (body == null || body.isBlank()) {
            throw new IllegalArgumentException("a JSON object is required");
        }
        Object parsed;
        try {
            parsed = Json.read(body, Object.class);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage());
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("a JSON object is required");
        }
        return (Map<String, Object>) map;
    }

    private static @Nullable String queryParameter(Request request, String name) {
        var query = URI.create(request.getUrl()).getRawQuery();
        if (query == null) {
            return null;
        }
        for (var pair : query.split("&")) {
            var equals = pair.indexOf('=');
            if (equals > 0
                    && URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8)
                            .equals(name)) {
                return URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static ResponseDefinition json(int status, Object body) {
        return ResponseDefinitionBuilder.responseDefinition()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody(Json.write(body))
                .build();
    }

    private static ResponseDefinition notAllowed() {
        return json(405, Map.of("error", "method not allowed"));
    }
}
