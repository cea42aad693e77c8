package dev.shop.payment.stripe;

import dev.shop.common.events.Money;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.reactor.bulkhead.operator.BulkheadOperator;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.github.resilience4j.reactor.retry.RetryOperator;
import io.github.resilience4j.reactor.timelimiter.TimeLimiterOperator;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Stripe API as payment-service uses it: create, confirm, retrieve, cancel and search PaymentIntents, and refund
 * them. Every request goes through,
 * from the inside out, a time limiter, the circuit breaker, the bulkhead and the retry, and fails with
 * {@link ProviderUnavailable} (no usable answer) or {@link ProviderRejected} (a 4xx answer).
 */
public final class StripeClient {

    private static final Duration[] PROVIDER_BUCKETS = {
        Duration.ofMillis(50),
        Duration.ofMillis(100),
        Duration.ofMillis(250),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofSeconds(2),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Duration.ofSeconds(30)
    };

    private final WebClient web;
    private final JsonMapper json;
    private final TimeLimiter timeLimiter;
    private final CircuitBreaker circuitBreaker;
    private final Bulkhead bulkhead;
    private final Retry retry;
    private final MeterRegistry meters;

    StripeClient(
            WebClient web,
            JsonMapper json,
            TimeLimiter timeLimiter,
            CircuitBreaker circuitBreaker,
            Bulkhead bulkhead,
            Retry retry,
            MeterRegistry meters) {
        this.web = web;
        this.json = json;
        this.timeLimiter = timeLimiter;
        this.circuitBreaker = circuitBreaker;
        this.bulkhead = bulkhead;
        this.retry = retry;
        this.meters = meters;
    }

    /**
     * Creates a PaymentIntent for the order with its payment method attached, not yet confirmed. Currency in lower
     * case, the order id in the metadata, and no redirect-based payment methods: the shop has no page to return to.
     */
    public Mono<PaymentIntent> createIntent(UUID orderId, Money amount, String paymentMethod, String idempotencyKey) {
        var form = new LinkedMultiValueMap<String, String>();
        form.add("amount", Long.toString(amount.amount()));
        form.add("currency", amount.currency().toLowerCase(Locale.ROOT));
        form.add("payment_method", paymentMethod);
        form.add("metadata[order_id]", orderId.toString());
        form.add("automatic_payment_methods[enabled]", "true");
        form.add("automatic_payment_methods[allow_redirects]", "never");
        return guarded(
                "create",
                () -> web.post()
                        .uri("/v1/payment_intents")
                        .header("Idempotency-Key", idempotencyKey)
                        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                        .body(BodyInserters.fromFormData(form))
                        .exchangeToMono(response -> read(response, PaymentIntent::from)));
    }

    /** Confirms the PaymentIntent: the moment the card is charged, at most once per intent. */
    public Mono<PaymentIntent> confirm(String intentId, String idempotencyKey) {
        return guarded(
                "confirm",
                () -> web.post()
                        .uri("/v1/payment_intents/{id}/confirm", intentId)
                        .header("Idempotency-Key", idempotencyKey)
                        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                        .body(BodyInserters.fromFormData(new LinkedMultiValueMap<>()))
                        .exchangeToMono(response -> read(response, PaymentIntent::from)));
    }

    /** The PaymentIntent as the provider knows it now: the truth after an unclear answer. */
    public Mono<PaymentIntent> retrieve(String intentId) {
        return guarded(
                "retrieve",
                () -> web.get()
                        .uri("/v1/payment_intents/{id}", intentId)
                        .exchangeToMono(response -> read(response, PaymentIntent::from)));
    }

    /**
     * Cancels the PaymentIntent: nothing can be charged on it afterwards. Sent without an idempotency key: a cancel is
     * idempotent at the provider (cancelling it again answers 400 with the intent as it is), and a key would keep a
     * 5xx as its answer for good. Fails with {@link ProviderRejected} (400, carrying the intent) when it has already
     * succeeded or been cancelled.
     */
    public Mono<PaymentIntent> cancel(String intentId) {
        return guarded(
                "cancel",
                () -> web.post()
                        .uri("/v1/payment_intents/{id}/cancel", intentId)
                        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                        .body(BodyInserters.fromFormData(new LinkedMultiValueMap<>()))
                        .exchangeToMono(response -> read(response, PaymentIntent::from)));
    }

    /**
     * The order's PaymentIntents at the provider, found by their {@code metadata[order_id]} with Stripe's search (at
     * most 100, newest first). Stripe's search index trails the API by up to a minute: an intent created moments ago
     * may not be found yet.
     */
    public Mono<List<PaymentIntent>> findByOrder(UUID orderId) {
        return guarded(
                "search",
                () -> web.get()
                        .uri(uri -> uri.path("/v1/payment_intents/search")
                                .queryParam("query", "{query}")
                                .queryParam("limit", 100)
                                .build("metadata['order_id']:'" + orderId + "'"))
                        .exchangeToMono(response -> read(
                                response,
                                result -> result.path("data")
                                        .valueStream()
                                        .map(PaymentIntent::from)
                                        .toList())));
    }

    /**
     * Refunds what is left of the PaymentIntent's charge (a full refund). The provider refuses to refund more than was
     * charged ({@code charge_already_refunded}), so even a refund repeated under a new key gives back the money once.
     */
    public Mono<ProviderRefund> refund(String intentId, String idempotencyKey) {
        var form = new LinkedMultiValueMap<String, String>();
        form.add("payment_intent", intentId);
        return guarded(
                "refund",
                () -> web.post()
                        .uri("/v1/refunds")
                        .header("Idempotency-Key", idempotencyKey)
                        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                        .body(BodyInserters.fromFormData(form))
                        .exchangeToMono(response -> read(response, ProviderRefund::from)));
    }

    private <T> Mono<T> guarded(String operation, Supplier<Mono<T>> request) {
        return Mono.defer(() -> timed(operation, request.get()))
                .transformDeferred(TimeLimiterOperator.of(timeLimiter))
                .onErrorMap(
                        TimeoutException.class,
                        e -> new ProviderUnavailable(
                                ProviderUnavailable.Kind.TIMEOUT, null, operation + " timed out", e))
                .transformDeferred(CircuitBreakerOperator.of(circuitBreaker))
                .transformDeferred(BulkheadOperator.of(bulkhead))
                // the breaker's state machine takes a lock to leave the open state, which parks the thread under
                // contention (BlockHound caught it on an event loop): every attempt asks for its permits off the loops
                .subscribeOn(Schedulers.boundedElastic())
                .transformDeferred(RetryOperator.of(retry))
                .onErrorMap(
                        CallNotPermittedException.class,
                        e -> notSent(operation, ProviderUnavailable.Kind.BREAKER_OPEN, "circuit breaker open", e))
                .onErrorMap(
                        BulkheadFullException.class,
                        e -> notSent(
                                operation, ProviderUnavailable.Kind.BULKHEAD_FULL, "all provider connections busy", e));
    }

    /** A request the guards did not let out, counted by why ({@code shop.payment.provider.not.sent}). */
    private ProviderUnavailable notSent(
            String operation, ProviderUnavailable.Kind kind, String message, Throwable cause) {
        meters.counter(
                        "shop.payment.provider.not.sent",
                        "operation",
                        operation,
                        "reason",
                        kind.name().toLowerCase(Locale.ROOT))
                .increment();
        return new ProviderUnavailable(kind, null, operation + ": " + message, cause);
    }

    /** Provider latency of each attempt, by operation and outcome ({@code shop.payment.provider.requests}). */
    private <T> Mono<T> timed(String operation, Mono<T> call) {
        var sample = Timer.start(meters);
        return call.onErrorMap(
                        e -> !(e instanceof ProviderUnavailable || e instanceof ProviderRejected),
                        e -> e instanceof WebClientRequestException || e instanceof IOException
                                ? new ProviderUnavailable(
                                        ProviderUnavailable.Kind.CONNECTION, null, operation + ": " + e.getMessage(), e)
                                : e)
                .doOnSuccess(answer -> stop(sample, operation, "success"))
                .doOnError(e -> stop(sample, operation, outcome(e)))
                .doOnCancel(() -> stop(sample, operation, "timeout"));
    }

    private void stop(Timer.Sample sample, String operation, String outcome) {
        sample.stop(Timer.builder("shop.payment.provider.requests")
                .description("Requests to the payment provider, each attempt apart, by operation and outcome")
                .tag("operation", operation)
                .tag("outcome", outcome)
                // a few buckets, so that the provider's p50/p99 can be computed across replicas
                .serviceLevelObjectives(PROVIDER_BUCKETS)
                .register(meters));
    }

    private static String outcome(Throwable error) {
        return switch (error) {
            case ProviderUnavailable unavailable -> unavailable.kind().name().toLowerCase(Locale.ROOT);
            case ProviderRejected rejected -> rejected.isCardError() ? "declined" : "rejected";
            default -> "error";
        };
    }

    private <T> Mono<T> read(ClientResponse response, Function<JsonNode, T> reader) {
        var status = response.statusCode();
        return response.bodyToMono(String.class).defaultIfEmpty("").flatMap(body -> {
            if (status.is2xxSuccessful()) {
                return Mono.just(reader.apply(parse(body)));
            }
            return Mono.error(failure(status, body));
        });
    }

    private RuntimeException failure(HttpStatusCode status, String body) {
        if (status.is5xxServerError()) {
            return new ProviderUnavailable(
                    ProviderUnavailable.Kind.SERVER_ERROR, status.value(), "provider answered " + status, null);
        }
        if (status.value() == 429) {
            return new ProviderUnavailable(ProviderUnavailable.Kind.RATE_LIMITED, 429, "provider rate limit", null);
        }
        JsonNode error;
        try {
            error = json.readTree(body).path("error");
        } catch (JacksonException e) {
            error = json.missingNode();
        }
        var intent = error.path("payment_intent").isObject() ? PaymentIntent.from(error.path("payment_intent")) : null;
        return new ProviderRejected(
                status.value(), text(error, "type"), text(error, "code"), text(error, "message"), intent);
    }

    private JsonNode parse(String body) {
        try {
            return json.readTree(body);
        } catch (JacksonException e) {
            throw new ProviderUnavailable(
                    ProviderUnavailable.Kind.SERVER_ERROR, null, "provider answered something that is not JSON", e);
        }
    }

    private static @Nullable String text(JsonNode node, String field) {
        var value = node.path(field);
        return value.isString() ? value.asString() : null;
    }
}
