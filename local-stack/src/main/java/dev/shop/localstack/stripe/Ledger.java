package dev.shop.localstack.stripe;

import com.github.tomakehurst.wiremock.common.Json;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The provider's books: PaymentIntents, charges and refunds, and the PaymentIntent state machine that lets an intent
 * succeed at most once. One lock for all of it: the simulator's throughput is not the point, its correctness is.
 */
final class Ledger {

    /** Stripe's test payment methods that the simulator knows, and the decline code of those that fail. */
    private static final Map<String, @Nullable String> TEST_PAYMENT_METHODS = testPaymentMethods();

    private static final Pattern CURRENCY = Pattern.compile("[a-z]{3}");
    private static final List<String> CANCELLATION_REASONS =
            List.of("duplicate", "fraudulent", "requested_by_customer", "abandoned");
    private static final Pattern AMOUNT = Pattern.compile("[0-9]{1,12}");
    private static final char[] ID_ALPHABET =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    private final Clock clock;
    private final Webhooks webhooks;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Intent> intents = new LinkedHashMap<>();
    private final List<MutableCharge> charges = new ArrayList<>();
    private final Map<String, Map<String, Object>> refunds = new LinkedHashMap<>();

    Ledger(Clock clock, Webhooks webhooks) {
        this.clock = clock;
        this.webhooks = webhooks;
    }

    synchronized ApiResponse create(FormParams params, @Nullable String traceparent) {
        var amountText = params.get("amount");
        if (amountText == null) {
            return ApiResponse.rejected(
                    400, "invalid_request_error", "parameter_missing", "Missing required param: amount.", "amount");
        }
        if (!AMOUNT.matcher(amountText).matches() || Long.parseLong(amountText) < 1) {
            return ApiResponse.invalid("Invalid positive integer", "amount");
        }
        var currency = params.get("currency");
        if (currency == null) {
            return ApiResponse.rejected(
                    400, "invalid_request_error", "parameter_missing", "Missing required param: currency.", "currency");
        }
        if (!CURRENCY.matcher(currency).matches()) {
            // Stripe documents currency codes in lowercase; the simulator insists, so a client that sends "EUR" learns
            // it
            return ApiResponse.invalid("Invalid currency: " + currency + ". Use a lowercase ISO code.", "currency");
        }
        var paymentMethod = params.get("payment_method");
        if (paymentMethod != null && !TEST_PAYMENT_METHODS.containsKey(paymentMethod)) {
            return noSuchPaymentMethod(paymentMethod);
        }
        var intent = new Intent(
                newId("pi_"),
                Long.parseLong(amountText),
                currency,
                params.nested("metadata"),
                !"false".equals(params.get("automatic_payment_methods[enabled]"))
                        && params.get("payment_method_types[0]") == null,
                params.get("automatic_payment_methods[allow_redirects]"),
                clock.instant().getEpochSecond());
        intent.paymentMethod = paymentMethod;
        intent.status = paymentMethod == null ? "requires_payment_method" : "requires_confirmation";
        intents.put(intent.id, intent);
        if ("true".equals(params.get("confirm"))) {
            return confirm(intent, params, traceparent);
        }
        return ApiResponse.ok(intent.toJson());
    }

    /**
     * The intents, newest first, as Stripe lists them: {@code limit} (1 to 100, default 10), after the intent
     * {@code starting_after} or before {@code ending_before}.
     */
    synchronized ApiResponse list(FormParams params) {
        var limit = limit(params);
        if (limit.error() != null) {
            return limit.error();
        }
        List<Intent> newestFirst = new ArrayList<>(intents.values()).reversed();
        var after = params.get("starting_after");
        var before = params.get("ending_before");
        List<Intent> window = newestFirst;
        if (after != null) {
            int at = indexOf(newestFirst, after);
            if (at < 0) {
                return noSuchIntent(after);
            }
            window = newestFirst.subList(at + 1, newestFirst.size());
        } else if (before != null) {
            int at = indexOf(newestFirst, before);
            if (at < 0) {
                return noSuchIntent(before);
            }
            window = newestFirst.subList(Math.max(0, at - limit.value()), at);
        }
        var page = window.subList(0, Math.min(limit.value(), window.size()));
        var body = new LinkedHashMap<String, Object>();
        body.put("object", "list");
        body.put("url", "/v1/payment_intents");
        body.put("has_more", window.size() > page.size());
        body.put("data", page.stream().map(Intent::toJson).toList());
        return ApiResponse.ok(body);
    }

    /**
     * The intents that match {@code query} ({@link IntentQuery}), newest first, as Stripe's search answers: at most
     * {@code limit} (1 to 100, default 10) a page, the next page named by {@code next_page}.
     */
    synchronized ApiResponse search(FormParams params) {
        var query = params.get("query");
        if (query == null) {
            return ApiResponse.rejected(
                    400, "invalid_request_error", "parameter_missing", "Missing required param: query.", "query");
        }
        java.util.function.Predicate<Map<String, Object>> matches;
        try {
            matches = IntentQuery.parse(query);
        } catch (IllegalArgumentException e) {
            return ApiResponse.invalid(e.getMessage(), "query");
        }
        var limit = limit(params);
        if (limit.error() != null) {
            return limit.error();
        }
        int offset = 0;
        var page = params.get("page");
        if (page != null) {
            try {
                offset = Integer.parseInt(new String(
                        java.util.Base64.getUrlDecoder().decode(page), java.nio.charset.StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                return ApiResponse.invalid("Invalid page: " + page, "page");
            }
        }
        var found = new ArrayList<>(intents.values())
                .reversed().stream().map(Intent::toJson).filter(matches).toList();
        int from = Math.min(offset, found.size());
        int to = Math.min(from + limit.value(), found.size());
        var body = new LinkedHashMap<String, Object>();
        body.put("object", "search_result");
        body.put("url", "/v1/payment_intents/search");
        body.put("has_more", to < found.size());
        body.put(
                "next_page",
                to < found.size()
                        ? java.util.Base64.getUrlEncoder()
                                .encodeToString(Integer.toString(to).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                        : null);
        body.put("data", found.subList(from, to));
        return ApiResponse.ok(body);
    }

    private record Limit(int value, @Nullable ApiResponse error) {}

    private static Limit limit(FormParams params) {
        var text = params.get("limit");
        if (text == null) {
            return new Limit(10, null);
        }
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= 100) {
                return new Limit(limit, null);
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        return new Limit(0, ApiResponse.invalid("Invalid limit: must be an integer from 1 to 100.", "limit"));
    }

    private static int indexOf(List<Intent> intents, String id) {
        for (int i = 0; i < intents.size(); i++) {
            if (intents.get(i).id.equals(id)) {
                return i;
            }
        }
        return -1;
    }

    synchronized ApiResponse retrieve(String id) {
        var intent = intents.get(id);
        return intent == null ? noSuchIntent(id) : ApiResponse.ok(intent.toJson());
    }

    synchronized ApiResponse confirm(String id, FormParams params, @Nullable String traceparent) {
        var intent = intents.get(id);
        if (intent == null) {
            return noSuchIntent(id);
        }
        var paymentMethod = params.get("payment_method");
        if (paymentMethod != null && !TEST_PAYMENT_METHODS.containsKey(paymentMethod)) {
            return noSuchPaymentMethod(paymentMethod);
        }
        return confirm(intent, params, traceparent);
    }

    synchronized ApiResponse cancel(String id, FormParams params) {
        var intent = intents.get(id);
        if (intent == null) {
            return noSuchIntent(id);
        }
        var reason = params.get("cancellation_reason");
        if (reason != null && !CANCELLATION_REASONS.contains(reason)) {
            return ApiResponse.invalid(
                    "Invalid cancellation_reason: must be one of " + String.join(", ", CANCELLATION_REASONS),
                    "cancellation_reason");
        }
        if (intent.status.equals("succeeded") || intent.status.equals("canceled")) {
            return unexpectedState(intent, "cancel");
        }
        intent.cancellationReason = reason;
        intent.status = "canceled";
        intent.canceledAt = clock.instant().getEpochSecond();
        return ApiResponse.ok(intent.toJson());
    }

    synchronized ApiResponse refund(FormParams params) {
        var intentId = params.get("payment_intent");
        var chargeId = params.get("charge");
        MutableCharge charge = null;
        if (intentId != null) {
            var intent = intents.get(intentId);
            if (intent == null) {
                return noSuchIntent(intentId);
            }
            charge = intent.latestCharge == null ? null : chargeById(intent.latestCharge);
            if (charge == null || !charge.succeeded()) {
                return ApiResponse.failed(
                        400,
                        ApiResponse.error(
                                "invalid_request_error",
                                "charge_not_found",
                                "This PaymentIntent (" + intentId + ") does not have a successful charge to refund.",
                                "payment_intent"));
            }
        } else if (chargeId != null) {
            charge = chargeById(chargeId);
            if (charge == null) {
                return ApiResponse.rejected(
                        404,
                        "invalid_request_error",
                        "resource_missing",
                        "No such charge: '" + chargeId + "'",
                        "charge");
            }
        } else {
            return ApiResponse.rejected(
                    400,
                    "invalid_request_error",
                    "parameter_missing",
                    "One of the following params should be provided for this request: payment_intent or charge.",
                    null);
        }
        var left = charge.amount - charge.amountRefunded;
        var amountText = params.get("amount");
        if (amountText != null && (!AMOUNT.matcher(amountText).matches() || Long.parseLong(amountText) < 1)) {
            return ApiResponse.invalid("Invalid positive integer", "amount");
        }
        var amount = amountText == null ? left : Long.parseLong(amountText);
        if (left == 0) {
            return ApiResponse.failed(
                    400,
                    ApiResponse.error(
                            "invalid_request_error",
                            "charge_already_refunded",
                            "Charge " + charge.id + " has already been refunded.",
                            null));
        }
        if (amount > left) {
            return ApiResponse.failed(
                    400,
                    ApiResponse.error(
                            "invalid_request_error",
                            "amount_too_large",
                            "Refund amount (" + amount + ") is greater than unrefunded amount on charge (" + left + ")",
                            "amount"));
        }
        charge.amountRefunded += amount;
        var refund = new LinkedHashMap<String, Object>();
        refund.put("id", newId("re_"));
        refund.put("object", "refund");
        refund.put("amount", amount);
        refund.put("currency", charge.currency);
        refund.put("charge", charge.id);
        refund.put("payment_intent", charge.paymentIntent);
        refund.put("reason", params.get("reason"));
        refund.put("metadata", params.nested("metadata"));
        refund.put("status", "succeeded");
        refund.put("created", clock.instant().getEpochSecond());
        refunds.put((String) refund.get("id"), refund);
        webhooks.publish("charge.refunded", charge.snapshot().toJson());
        return ApiResponse.ok(refund);
    }

    /**
     * {@code response} with the charges it names expanded: a PaymentIntent's {@code latest_charge} (or, in a list or
     * search result, each one's: {@code data.latest_charge}) becomes the charge object instead of its id.
     */
    @SuppressWarnings("unchecked")
    synchronized ApiResponse expand(ApiResponse response, List<String> expansions) {
        if (expansions.isEmpty() || response.status() != 200) {
            return response;
        }
        Map<String, Object> body = Json.read(response.body(), Map.class);
        if (expansions.contains("latest_charge")) {
            expandLatestCharge(body);
        }
        if (expansions.contains("data.latest_charge") && body.get("data") instanceof List<?> data) {
            data.forEach(intent -> expandLatestCharge((Map<String, Object>) intent));
        }
        return new ApiResponse(response.status(), Json.write(body), response.stored());
    }

    private void expandLatestCharge(Map<String, Object> intent) {
        if (intent.get("latest_charge") instanceof String id) {
            var charge = chargeById(id);
            if (charge != null) {
                intent.put("latest_charge", charge.snapshot().toJson());
            }
        }
    }

    /** The order of an intent ({@code metadata[order_id]}); null for an unknown intent or one without. */
    synchronized @Nullable String orderOf(String intentId) {
        var intent = intents.get(intentId);
        return intent == null ? null : intent.metadata.get("order_id");
    }

    synchronized Map<String, String> intentStatuses(String orderId) {
        var statuses = new LinkedHashMap<String, String>();
        intents.values().stream()
                .filter(intent -> orderId.equals(intent.metadata.get("order_id")))
                .forEach(intent -> statuses.put(intent.id, intent.status));
        return statuses;
    }

    synchronized List<Charge> charges(@Nullable String orderId) {
        return charges.stream()
                .filter(charge -> orderId == null || orderId.equals(charge.orderId))
                .map(MutableCharge::snapshot)
                .toList();
    }

    synchronized void clear() {
        intents.clear();
        charges.clear();
        refunds.clear();
    }

    private ApiResponse confirm(Intent intent, FormParams params, @Nullable String traceparent) {
        if (!intent.status.equals("requires_confirmation") && !intent.status.equals("requires_payment_method")) {
            // a PaymentIntent succeeds at most once: confirming it again is refused, whatever the key
            return unexpectedState(intent, "confirm");
        }
        var paymentMethod = params.get("payment_method");
        if (paymentMethod != null) {
            intent.paymentMethod = paymentMethod;
        }
        if (intent.paymentMethod == null) {
            return ApiResponse.failed(
                    400,
                    ApiResponse.error(
                            "invalid_request_error",
                            "payment_intent_unexpected_state",
                            "You cannot confirm this PaymentIntent because it's missing a payment method.",
                            "payment_method"));
        }
        var returnUrl = params.get("return_url");
        if (intent.automaticPaymentMethods && !"never".equals(intent.allowRedirects) && returnUrl == null) {
            // real Stripe refuses this too: a redirect-based method might be chosen and there is nowhere to return
            return ApiResponse.failed(
                    400,
                    ApiResponse.error(
                            "invalid_request_error",
                            null,
                            "This PaymentIntent is configured to accept payment methods enabled in your Dashboard, "
                                    + "because some of these payment methods might redirect your customer off of "
                                    + "your page, you must provide a `return_url`. If you don't want to accept "
                                    + "redirect-based payment methods, set "
                                    + "`automatic_payment_methods[allow_redirects]` to `never` when creating Setup "
                                    + "Intents and Payment Intents.",
                            null));
        }
        var declineCode = TEST_PAYMENT_METHODS.get(intent.paymentMethod);
        var charge = new MutableCharge(
                newId("ch_"),
                intent.id,
                intent.metadata.get("order_id"),
                intent.amount,
                intent.currency,
                intent.paymentMethod,
                declineCode == null ? "succeeded" : "failed",
                declineCode == null ? null : "card_declined",
                clock.instant(),
                traceparent);
        charges.add(charge);
        intent.latestCharge = charge.id;
        if (declineCode == null) {
            intent.status = "succeeded";
            intent.amountReceived = intent.amount;
            intent.lastPaymentError = null;
            webhooks.publish("payment_intent.succeeded", intent.toJson());
            return ApiResponse.ok(intent.toJson());
        }
        var error = ApiResponse.error("card_error", "card_declined", declineMessage(declineCode), null);
        error.put("decline_code", declineCode);
        error.put("charge", charge.id);
        error.put("payment_method", Map.of("id", intent.paymentMethod, "object", "payment_method"));
        intent.status = "requires_payment_method";
        intent.lastPaymentError = new LinkedHashMap<>(error);
        webhooks.publish("payment_intent.payment_failed", intent.toJson());
        error.put("payment_intent", intent.toJson());
        return ApiResponse.failed(402, error);
    }

    private @Nullable MutableCharge chargeById(String id) {
        return charges.stream()
                .filter(charge -> charge.id.equals(id))
                .findFirst()
                .orElse(null);
    }

    private static ApiResponse noSuchIntent(String id) {
        return ApiResponse.rejected(
                404, "invalid_request_error", "resource_missing", "No such payment_intent: '" + id + "'", "intent");
    }

    private static ApiResponse noSuchPaymentMethod(String id) {
        return ApiResponse.rejected(
                400,
                "invalid_request_error",
                "resource_missing",
                "No such PaymentMethod: '" + id + "'",
                "payment_method");
    }

    private static ApiResponse unexpectedState(Intent intent, String action) {
        var error = ApiResponse.error(
                "invalid_request_error",
                "payment_intent_unexpected_state",
                "You cannot " + action + " this PaymentIntent because it has a status of " + intent.status + ".",
                null);
        error.put("payment_intent", intent.toJson());
        return ApiResponse.failed(400, error);
    }

    private static String declineMessage(String declineCode) {
        return switch (declineCode) {
            case "insufficient_funds" -> "Your card has insufficient funds.";
            default -> "Your card was declined.";
        };
    }

    private String newId(String prefix) {
        var id = new StringBuilder(prefix);
        for (int i = 0; i < 24; i++) {
            id.append(ID_ALPHABET[random.nextInt(ID_ALPHABET.length)]);
        }
        return id.toString();
    }

    private static Map<String, @Nullable String> testPaymentMethods() {
        var methods = new LinkedHashMap<String, @Nullable String>();
        methods.put("pm_card_visa", null);
        methods.put("pm_card_mastercard", null);
        methods.put("pm_card_amex", null);
        methods.put("pm_card_chargeDeclined", "generic_decline");
        methods.put("pm_card_visa_chargeDeclined", "generic_decline");
        methods.put("pm_card_chargeDeclinedInsufficientFunds", "insufficient_funds");
        methods.put("pm_card_visa_chargeDeclinedInsufficientFunds", "insufficient_funds");
        return methods;
    }

    /** A PaymentIntent and its state machine's current state. */
    private static final class Intent {
        final String id;
        final long amount;
        final String currency;
        final Map<String, String> metadata;
        final boolean automaticPaymentMethods;
        final @Nullable String allowRedirects;
        final long created;

        @Nullable
        String paymentMethod;

        String status = "requires_payment_method";
        long amountReceived;

        @Nullable
        String latestCharge;

        @Nullable
        Map<String, Object> lastPaymentError;

        @Nullable
        Long canceledAt;

        @Nullable
        String cancellationReason;

        Intent(
                String id,
                long amount,
                String currency,
                Map<String, String> metadata,
                boolean automaticPaymentMethods,
                @Nullable String allowRedirects,
                long created) {
            this.id = id;
            this.amount = amount;
            this.currency = currency;
            this.metadata = Map.copyOf(metadata);
            this.automaticPaymentMethods = automaticPaymentMethods;
            this.allowRedirects = allowRedirects;
            this.created = created;
        }

        Map<String, Object> toJson() {
            var json = new LinkedHashMap<String, Object>();
            json.put("id", id);
            json.put("object", "payment_intent");
            json.put("amount", amount);
            json.put("amount_received", amountReceived);
            json.put("currency", currency);
            json.put("status", status);
            json.put("payment_method", paymentMethod);
            json.put("latest_charge", latestCharge);
            json.put("last_payment_error", lastPaymentError);
            json.put("metadata", metadata);
            json.put(
                    "automatic_payment_methods",
                    automaticPaymentMethods
                            ? Map.of(
                                    "enabled",
                                    true,
                                    "allow_redirects",
                                    Objects.requireNonNullElse(allowRedirects, "always"))
                            : null);
            json.put("capture_method", "automatic");
            json.put("confirmation_method", "automatic");
            json.put("canceled_at", canceledAt);
            json.put("cancellation_reason", cancellationReason);
            json.put("client_secret", id + "_secret_local");
            json.put("created", created);
            json.put("livemode", false);
            return json;
        }
    }

    private static final class MutableCharge {
        final String id;
        final String paymentIntent;
        final @Nullable String orderId;
        final long amount;
        final String currency;
        final String paymentMethod;
        final String status;
        final @Nullable String failureCode;
        final java.time.Instant created;
        final @Nullable String traceparent;
        long amountRefunded;

        MutableCharge(
                String id,
                String paymentIntent,
                @Nullable String orderId,
                long amount,
                String currency,
                String paymentMethod,
                String status,
                @Nullable String failureCode,
                java.time.Instant created,
                @Nullable String traceparent) {
            this.id = id;
            this.paymentIntent = paymentIntent;
            this.orderId = orderId;
            this.amount = amount;
            this.currency = currency;
            this.paymentMethod = paymentMethod;
            this.status = status;
            this.failureCode = failureCode;
            this.created = created;
            this.traceparent = traceparent;
        }

        boolean succeeded() {
            return "succeeded".equals(status);
        }

        Charge snapshot() {
            return new Charge(
                    id,
                    paymentIntent,
                    orderId,
                    amount,
                    currency,
                    paymentMethod,
                    status,
                    failureCode,
                    amountRefunded,
                    created,
                    traceparent);
        }
    }
}
