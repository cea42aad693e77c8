package dev.shop.payment.stripe;

import tools.jackson.databind.JsonNode;

/**
 * What the service reads of a Stripe Refund.
 *
 * @param status {@code succeeded}, {@code pending}, {@code failed} or {@code canceled}
 */
public record ProviderRefund(String id, String status, long amount) {

    static ProviderRefund from(JsonNode json) {
        return new ProviderRefund(
                json.path("id").asString(),
                json.path("status").asString(),
                json.path("amount").asLong());
    }
}
