package dev.shop.cart;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of cart-service ({@code cart.*}).
 *
 * @param maxLines how many different products one cart may hold
 * @param checkout the idempotency keys of checkout
 */
@ConfigurationProperties("cart")
public record CartProperties(
        @DefaultValue("50") int maxLines, @DefaultValue Checkout checkout) {

    public CartProperties {
        if (maxLines < 1) {
            throw new IllegalArgumentException("cart.max-lines must be at least 1: " + maxLines);
        }
    }

    /**
     * @param keyRetention how long an {@code Idempotency-Key} answers with its order (24 h, as the contract says)
     * @param keyCleanupInterval how often keys past their retention are deleted
     */
    public record Checkout(
            @DefaultValue("24h") Duration keyRetention,
            @DefaultValue("1h") Duration keyCleanupInterval) {}
}
