package dev.shop.cart.checkout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shop.cart.order.ShippingAddress;
import dev.shop.common.events.Money;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class CheckoutCommandTest {

    @Test
    void givesTheSameFingerprintToTheSameValuesInAnotherSpelling() {
        var plain = command(new ShippingAddress("Alice", "1 Main St", null, "Berlin", "10115", "DE"), null);
        var respelled = command(new ShippingAddress(" Alice ", "1 Main St ", "  ", "Berlin", " 10115", "de"), null);

        assertThat(respelled.fingerprint()).isEqualTo(plain.fingerprint()).hasSize(64);
    }

    @Test
    void givesADifferentFingerprintToEveryDifferentValue() {
        var address = new ShippingAddress("Alice", "1 Main St", null, "Berlin", "10115", "DE");
        var base = command(address, null).fingerprint();

        assertThat(command(address, new Money(100, "EUR")).fingerprint()).isNotEqualTo(base);
        assertThat(new CheckoutCommand("pm_card_chargeDeclined", address, null).fingerprint())
                .isNotEqualTo(base);
        assertThat(command(new ShippingAddress("Alice", "1 Main St", "Flat 2", "Berlin", "10115", "DE"), null)
                        .fingerprint())
                .isNotEqualTo(base);
        // fields cannot run into each other: "Main St|Berlin" is not "Main|St Berlin"
        assertThat(command(new ShippingAddress("A", "B", null, "C D", "1", "DE"), null)
                        .fingerprint())
                .isNotEqualTo(command(new ShippingAddress("A", "B C", null, "D", "1", "DE"), null)
                        .fingerprint());
    }

    @Test
    void acceptsKeysOfOneTo255PrintableAsciiCharacters() {
        assertThat(new IdempotencyKey("a").value()).isEqualTo("a");
        assertThat(new IdempotencyKey("~ !".repeat(85)).value()).hasSize(255);
        for (String bad : new String[] {"", "x".repeat(256), "é", "new\nline", "\u007f"}) {
            assertThatThrownBy(() -> new IdempotencyKey(bad))
                    .as("key %s", bad)
                    .isInstanceOf(IdempotencyKey.Invalid.class);
        }
        assertThatThrownBy(() -> IdempotencyKey.fromHeader(null)).isInstanceOf(IdempotencyKey.Invalid.class);
        assertThatThrownBy(() -> IdempotencyKey.fromHeader(List.of())).isInstanceOf(IdempotencyKey.Invalid.class);
        assertThatThrownBy(() -> IdempotencyKey.fromHeader(List.of("a", "b")))
                .isInstanceOfSatisfying(
                        IdempotencyKey.Invalid.class,
                        invalid -> assertThat(invalid.violation().message()).contains("once"));
        assertThat(IdempotencyKey.fromHeader(List.of("a,b")).value())
                .as("a comma is a printable character like any other")
                .isEqualTo("a,b");
    }

    private static CheckoutCommand command(ShippingAddress address, @Nullable Money expectedTotal) {
        return new CheckoutCommand("pm_card_visa", address, expectedTotal);
    }
}
