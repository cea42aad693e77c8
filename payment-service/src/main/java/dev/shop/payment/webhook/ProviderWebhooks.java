package dev.shop.payment.webhook;

import dev.shop.common.events.Money;
import dev.shop.common.tracing.InTrace;
import dev.shop.payment.payment.PaymentReconciliation;
import dev.shop.payment.stripe.StripeProperties;
import java.time.Clock;
import java.util.Locale;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Receives one webhook: checks its signature over the raw bytes, then parses it, then, in one transaction, records its
 * event id (a redelivered event stops there) and reconciles the payment it is about. {@code payment_intent.succeeded},
 * {@code payment_intent.payment_failed} and {@code charge.refunded} are acted on; any other type is acknowledged and
 * ignored, as the provider expects of an endpoint that does not need it.
 */
@Component
public class ProviderWebhooks {

    private static final Logger log = LoggerFactory.getLogger(ProviderWebhooks.class);

    private final WebhookSignatures signatures;
    private final JsonMapper json;
    private final DatabaseClient database;
    private final TransactionalOperator transactions;
    private final PaymentReconciliation reconciliation;

    ProviderWebhooks(
            StripeProperties properties,
            Clock clock,
            JsonMapper json,
            DatabaseClient database,
            TransactionalOperator transactions,
            PaymentReconciliation reconciliation) {
        this.signatures = new WebhookSignatures(properties.webhookSecret(), properties.webhookTolerance(), clock);
        this.json = json;
        this.database = database;
        this.transactions = transactions;
        this.reconciliation = reconciliation;
    }

    /** Fails with {@link InvalidWebhook} when the webhook is refused; completes when it is handled (or was before). */
    public Mono<Void> receive(@Nullable String signature, byte[] payload) {
        return Mono.fromCallable(() -> {
                    signatures.verify(signature, payload);
                    return event(payload);
                })
                .flatMap(event -> transactions.transactional(recordFirst(event)
                        .flatMap(first -> InTrace.defer(() -> first ? handle(event) : duplicate(event)))));
    }

    private Event event(byte[] payload) {
        JsonNode root;
        try {
            root = json.readTree(payload);
        } catch (JacksonException e) {
            throw new InvalidWebhook("The payload is not JSON.");
        }
        var id = root.path("id");
        var type = root.path("type");
        var object = root.path("data").path("object");
        if (!id.isString() || id.asString().isBlank() || !type.isString() || !object.isObject()) {
            throw new InvalidWebhook("The payload is not an event (id, type, data.object).");
        }
        return new Event(id.asString(), type.asString(), object);
    }

    private Mono<Boolean> recordFirst(Event event) {
        return database.sql("insert into webhook_event (id, type) values (:id, :type) on conflict (id) do nothing")
                .bind("id", event.id())
                .bind("type", event.type())
                .fetch()
                .rowsUpdated()
                .map(rows -> rows == 1);
    }

    private Mono<Void> duplicate(Event event) {
        log.info("Webhook event {} ({}) received again: no second effect", event.id(), event.type());
        return Mono.empty();
    }

    private Mono<Void> handle(Event event) {
        var object = event.object();
        return switch (event.type()) {
            case "payment_intent.succeeded" ->
                orderOf(event)
                        .flatMap(order -> reconciliation.intentSucceeded(
                                order,
                                object.path("id").asString(),
                                new Money(
                                        object.path("amount_received")
                                                .asLong(object.path("amount").asLong()),
                                        object.path("currency").asString("").toUpperCase(Locale.ROOT))));
            case "payment_intent.payment_failed" -> {
                var error = object.path("last_payment_error");
                yield orderOf(event)
                        .flatMap(order -> reconciliation.intentFailed(
                                order,
                                object.path("id").asString(),
                                "card_error".equals(error.path("type").asString(null)),
                                error.path("message").asString("payment failed")));
            }
            case "charge.refunded" ->
                // only full refunds are the shop's: a partial one (made at the provider by hand) changes nothing here
                object.path("refunded").asBoolean(false)
                                && object.path("payment_intent").isString()
                        ? reconciliation.chargeRefunded(
                                object.path("payment_intent").asString())
                        : Mono.empty();
            default -> {
                log.debug("Webhook event {} of type {} ignored", event.id(), event.type());
                yield Mono.empty();
            }
        };
    }

    /** The order an intent belongs to, from its {@code metadata[order_id]}; empty for an intent the shop did not make. */
    private static Mono<UUID> orderOf(Event event) {
        var order = event.object().path("metadata").path("order_id").asString(null);
        try {
            return order == null ? Mono.empty() : Mono.just(UUID.fromString(order));
        } catch (IllegalArgumentException e) {
            log.info("Webhook event {}: metadata order_id {} is not an order id; ignored", event.id(), order);
            return Mono.empty();
        }
    }

    private record Event(String id, String type, JsonNode object) {}
}
