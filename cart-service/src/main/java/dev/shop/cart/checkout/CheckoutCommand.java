package dev.shop.cart.checkout;

import dev.shop.cart.order.ShippingAddress;
import dev.shop.common.events.Money;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a customer asks checkout to do, validated and normalised.
 *
 * @param paymentMethod a payment method id of the provider ({@code pm_...})
 * @param expectedTotal the total the customer saw; checkout refuses if the cart's current total differs
 */
public record CheckoutCommand(
        String paymentMethod,
        ShippingAddress shippingAddress,
        @Nullable Money expectedTotal) {

    public CheckoutCommand {
        Objects.requireNonNull(paymentMethod, "paymentMethod");
        Objects.requireNonNull(shippingAddress, "shippingAddress");
    }

    /**
     * A digest of the normalised fields: two requests are "the same request" for an idempotency key when their
     * fingerprints are equal. Each field is length-prefixed, so no two different requests can run together into one
     * string.
     */
    public String fingerprint() {
        var canonical = new StringBuilder("checkout-v1");
        ShippingAddress address = shippingAddress;
        for (String field : new @Nullable String[] {
            paymentMethod,
            address.name(),
            address.line1(),
            address.line2(),
            address.city(),
            address.postalCode(),
            address.country(),
            expectedTotal == null ? null : expectedTotal.amount() + " " + expectedTotal.currency()
        }) {
            canonical.append('|');
            if (field == null) {
                canonical.append('-');
            } else {
                canonical.append(field.length()).append(':').append(field);
            }
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
    }
}
