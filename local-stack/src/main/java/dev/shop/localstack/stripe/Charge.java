package dev.shop.localstack.stripe;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One attempt to charge a card, as the simulator recorded it: what a test or a {@code ./shop up} user counts to see
 * that an order was charged once.
 *
 * @param orderId the PaymentIntent's {@code metadata[order_id]}, if it had one
 * @param status {@code succeeded} (money taken) or {@code failed} (declined)
 * @param failureCode why it failed, e.g. {@code card_declined}
 * @param traceparent the W3C trace context the charging request came with, if any: which trace reached the provider
 */
public record Charge(
        String id,
        String paymentIntent,
        @Nullable String orderId,
        long amount,
        String currency,
        String paymentMethod,
        String status,
        @Nullable String failureCode,
        long amountRefunded,
        Instant created,
        @Nullable String traceparent) {

    public boolean succeeded() {
        return "succeeded".equals(status);
    }

    Map<String, Object> toJson() {
        var json = new LinkedHashMap<String, Object>();
        json.put("id", id);
        json.put("object", "charge");
        json.put("payment_intent", paymentIntent);
        json.put("order_id", orderId);
        json.put("amount", amount);
        json.put("currency", currency);
        json.put("payment_method", paymentMethod);
        json.put("status", status);
        json.put("paid", succeeded());
        json.put("failure_code", failureCode);
        json.put("amount_refunded", amountRefunded);
        json.put("refunded", succeeded() && amountRefunded == amount);
        json.put("created", created.getEpochSecond());
        json.put("traceparent", traceparent);
        return json;
    }
}
