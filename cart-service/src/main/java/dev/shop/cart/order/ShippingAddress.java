package dev.shop.cart.order;

import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where the order goes. Checkout validates the fields; this keeps them trimmed, an empty second line absent and the
 * country code upper-case, so that one address has one form (and one idempotency fingerprint).
 *
 * @param country an ISO 3166-1 alpha-2 code
 */
public record ShippingAddress(
        String name, String line1, @Nullable String line2, String city, String postalCode, String country) {

    public ShippingAddress {
        name = Objects.requireNonNull(name, "name").strip();
        line1 = Objects.requireNonNull(line1, "line1").strip();
        line2 = line2 == null || line2.isBlank() ? null : line2.strip();
        city = Objects.requireNonNull(city, "city").strip();
        postalCode = Objects.requireNonNull(postalCode, "postalCode").strip();
        country = Objects.requireNonNull(country, "country").strip().toUpperCase(Locale.ROOT);
    }
}
