package dev.shop.payment.payment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shop.common.events.Money;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PaymentTest {

    private static Payment payment(UUID order, int createGeneration, int confirmGeneration) {
        return new Payment(
                UUID.randomUUID(),
                order,
                "user",
                new Money(100, "EUR"),
                "pm_card_visa",
                PaymentStatus.PENDING,
                null,
                null,
                createGeneration,
                confirmGeneration,
                0,
                Instant.EPOCH,
                false,
                0);
    }

    @Test
    void derivesTheSameIdempotencyKeysFromTheOrderWhoeverAsks() {
        var order = UUID.fromString("6a1f7c1e-93c9-4e55-8a3c-0f0d5fd0a001");

        assertThat(payment(order, 0, 0).createKey()).isEqualTo("order-6a1f7c1e-93c9-4e55-8a3c-0f0d5fd0a001-create-0");
        assertThat(payment(order, 0, 0).confirmKey()).isEqualTo("order-6a1f7c1e-93c9-4e55-8a3c-0f0d5fd0a001-confirm-0");
        assertThat(payment(order, 0, 0).createKey())
                .as("another payment row of the same order, another instance")
                .isEqualTo(payment(order, 0, 0).createKey());
    }

    @Test
    void usesANewKeyOnlyInANewGeneration() {
        var order = UUID.randomUUID();

        assertThat(payment(order, 1, 0).createKey())
                .isNotEqualTo(payment(order, 0, 0).createKey());
        assertThat(payment(order, 0, 2).confirmKey()).endsWith("-confirm-2");
        assertThat(payment(order, 0, 0).createKey())
                .isNotEqualTo(payment(order, 0, 0).confirmKey());
    }
}
