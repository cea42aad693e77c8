package dev.shop.cart.mail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shop.cart.order.Order;
import dev.shop.cart.order.OrderLine;
import dev.shop.cart.order.ShippingAddress;
import dev.shop.common.events.Money;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The text of the confirmation mail. */
class ConfirmationMailsTest {

    private static final ShippingAddress ADDRESS =
            new ShippingAddress("Alice Example", "1 Main Street", "Flat 2", "Berlin", "10115", "DE");

    @Test
    void listsTheLinesTheTotalAndTheShippingAddress() {
        var order = Order.place(
                UUID.randomUUID(),
                "alice",
                "alice@example.com",
                List.of(
                        new OrderLine(UUID.randomUUID(), "LAMP-1", "Lamp", 2, new Money(1250, "EUR")),
                        new OrderLine(UUID.randomUUID(), "MUG-7", "Mug", 1, new Money(399, "EUR"))),
                ADDRESS,
                "pm_card_visa",
                Instant.parse("2026-11-28T00:00:00Z"));

        String body = ConfirmationMails.body(order);

        assertThat(ConfirmationMails.subject(order)).isEqualTo("Your order " + order.id() + " is confirmed");
        assertThat(body)
                .contains("Hello Alice Example,")
                .contains("2 x Lamp (LAMP-1) at 12.50 EUR = 25.00 EUR\n1 x Mug (MUG-7) at 3.99 EUR = 3.99 EUR\n")
                .contains("Total: 28.99 EUR")
                .contains("Shipping to:\nAlice Example\n1 Main Street\nFlat 2\n10115 Berlin\nDE\n");
    }

    @Test
    void formatsAmountsWithTheCurrencysMinorDigits() {
        assertThat(ConfirmationMails.format(new Money(1999, "EUR"))).isEqualTo("19.99 EUR");
        assertThat(ConfirmationMails.format(new Money(5, "EUR"))).isEqualTo("0.05 EUR");
        assertThat(ConfirmationMails.format(new Money(1999, "JPY"))).isEqualTo("1999 JPY");
    }
}
