package dev.shop.cart.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shop.cart.order.Order;
import dev.shop.cart.order.OrderLine;
import dev.shop.cart.order.ShippingAddress;
import dev.shop.common.events.Money;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The order mails' two parts, rendered from the templates. */
class MailTemplatesTest {

    private static final Instant AT = Instant.parse("2026-11-28T00:00:00Z");
    private static final ShippingAddress ADDRESS =
            new ShippingAddress("Alice Example", "1 Main Street", "Flat 2", "Berlin", "10115", "DE");

    private final MailTemplates templates =
            new MailTemplates("Lamp & Co", "https://shop.example.com/orders/{id}", "https://shop.example.com/");

    @Test
    void theTextListsTheLinesTheTotalTheAddressAndTheOrderPage() {
        var order = order(ADDRESS, new OrderLine(UUID.randomUUID(), "MUG-7", "Mug", 1, new Money(399, "EUR")));

        var mail = templates.render(order);

        assertThat(mail.subject()).isEqualTo("Your order " + order.id() + " is confirmed");
        assertThat(mail.text())
                .startsWith("Hello Alice Example,\n\nthank you for your order " + order.id() + ". It is paid")
                .contains("2 x Lamp (LAMP-1) at €12.50 = €25.00\n1 x Mug (MUG-7) at €3.99 = €3.99\n")
                .contains("Ordered on November 28, 2026")
                .contains("Total: €28.99")
                .contains("Shipping to:\nAlice Example\n1 Main Street\nFlat 2\n10115 Berlin\nDE\n")
                .contains("Your order: https://shop.example.com/orders/" + order.id())
                .endsWith("Lamp & Co\n")
                .doesNotContain("<", "[(", "${");
    }

    @Test
    void theHtmlHasTheSameContentEscaped() {
        var order = order(
                ADDRESS, new OrderLine(UUID.randomUUID(), "TAG-1", "<b>Bold</b> & \"quoted\"", 1, new Money(5, "EUR")));

        var html = templates.render(order).html();

        assertThat(html)
                .startsWith("<!DOCTYPE html>")
                .contains("Lamp &amp; Co</h1>")
                .contains("&lt;b&gt;Bold&lt;/b&gt; &amp; &quot;quoted&quot;")
                .doesNotContain("<b>Bold</b>")
                .contains("<td align=\"right\">€12.50</td>")
                .contains("<td align=\"right\">€0.05</td>")
                .contains("<th align=\"right\">€25.05</th>")
                .contains("Flat 2")
                .contains("10115 Berlin")
                .contains("href=\"https://shop.example.com/orders/" + order.id() + "\"")
                .doesNotContain("th:text", "th:if", "th:each", "${", "#{");
    }

    @Test
    void anAddressWithoutASecondLineAndAShopWithoutAnOrderPage() {
        var withoutPage = new MailTemplates("Shop", null, null);
        var order = order(new ShippingAddress("Bo", "2 Side Road", null, "Paris", "75001", "FR"));

        var mail = withoutPage.render(order);

        assertThat(mail.text())
                .contains("Shipping to:\nBo\n2 Side Road\n75001 Paris\nFR\n")
                .doesNotContain("Your order:");
        assertThat(mail.html()).doesNotContain("See your order").doesNotContain("null");
    }

    @Test
    void writesToACustomerWhoseProfileSaysGermanInGermanWithGermanFormats() {
        var order =
                order("de-AT", ADDRESS, new OrderLine(UUID.randomUUID(), "MUG-7", "Mug", 1, new Money(123456, "EUR")));

        var mail = templates.render(order);

        assertThat(mail.subject()).isEqualTo("Ihre Bestellung " + order.id() + " ist bestätigt");
        assertThat(mail.text())
                .startsWith("Hallo Alice Example,\n\nvielen Dank für Ihre Bestellung " + order.id() + ".")
                .contains("Bestellt am 28. November 2026")
                .contains("2 x Lamp (LAMP-1) zu 12,50\u00a0€ = 25,00\u00a0€\n")
                .contains("1 x Mug (MUG-7) zu 1.234,56\u00a0€ = 1.234,56\u00a0€\n")
                .contains("Summe: 1.259,56\u00a0€")
                .contains("Lieferadresse:\nAlice Example\n")
                .contains("Ihre Bestellung: https://shop.example.com/orders/" + order.id());
        assertThat(mail.html())
                .contains("lang=\"de\"")
                .contains("<th align=\"left\">Artikel</th>")
                .contains("Zur Bestellung</a>")
                .contains("<th align=\"right\">1.259,56\u00a0€</th>");
    }

    @Test
    void writesInEnglishWhenTheProfileHasNoLanguageOrOneTheMailsAreNotWrittenIn() {
        for (String locale : new String[] {null, "fr", "pt-BR"}) {
            var mail = templates.render(order(locale, ADDRESS));
            assertThat(mail.subject()).as(locale).startsWith("Your order ");
            assertThat(mail.text())
                    .as(locale)
                    .contains("Ordered on November 28, 2026")
                    .contains("Total: €25.00");
        }
        assertThat(MailTemplates.locale("de")).isEqualTo(Locale.GERMAN);
        assertThat(MailTemplates.locale("de-CH")).isEqualTo(Locale.GERMAN);
        assertThat(MailTemplates.locale("en-GB")).isEqualTo(Locale.ENGLISH);
        assertThat(MailTemplates.locale("xx")).isEqualTo(Locale.ENGLISH);
    }

    @Test
    void theHtmlShowsEachLinesProductImageFromTheShopsAddress() {
        var mug = new OrderLine(UUID.randomUUID(), "MUG-7", "Mug", 1, new Money(399, "EUR"));
        var order = order(ADDRESS, mug);
        String path = "/api/catalog/images/products/" + mug.productId() + "/" + "a".repeat(64) + "-thumb.jpg";

        var mail = templates.render(order, Map.of(mug.productId(), path));

        assertThat(mail.html())
                .contains("<img src=\"https://shop.example.com" + path + "\" width=\"64\" alt=\"\"")
                .containsOnlyOnce("<img ");
        assertThat(mail.text()).doesNotContain(path);
        assertThat(new MailTemplates("Shop", null, null)
                        .render(order, Map.of(mug.productId(), path))
                        .html())
                .as("no image base: no images")
                .doesNotContain("<img");
    }

    @Test
    void aCancelledOrdersMailSaysWhy() {
        var order = placed("en", ADDRESS);

        var outOfStock = templates.render(order.stockRejected(AT).orElseThrow());

        assertThat(outOfStock.subject()).isEqualTo("Your order " + order.id() + " is cancelled");
        assertThat(outOfStock.text())
                .startsWith("Hello Alice Example,\n\nyour order " + order.id() + " is cancelled.\n"
                        + "Not every item was available; nothing was charged.\nOrdered on November 28, 2026\n")
                .contains("2 x Lamp (LAMP-1) at €12.50 = €25.00\n");
        assertThat(outOfStock.html())
                .contains("<p>Not every item was available; nothing was charged.</p>")
                .contains("<th align=\"right\">€25.00</th>");

        var mismatch = templates.render(order.stockReserved(AT)
                .flatMap(awaiting -> awaiting.paymentSucceeded(new Money(1, "EUR"), AT))
                .orElseThrow());
        assertThat(mismatch.text()).contains("The payment did not match the order's total; it is refunded.");
    }

    @Test
    void aCancellationAndARefundInGerman() {
        var order = placed("de", ADDRESS);

        var timedOut = templates.render(order.timedOut(AT).orElseThrow());
        var refunded = templates.render(confirmed(order).refunded(AT).orElseThrow());

        assertThat(timedOut.subject()).isEqualTo("Ihre Bestellung " + order.id() + " ist storniert");
        assertThat(timedOut.text())
                .contains("Ihre Bestellung " + order.id() + " ist storniert.\n"
                        + "Sie konnte nicht rechtzeitig abgeschlossen werden.");
        assertThat(refunded.subject()).isEqualTo("Ihre Bestellung " + order.id() + " ist erstattet");
        assertThat(refunded.text())
                .contains("die Zahlung von 25,00\u00a0€ für Ihre Bestellung " + order.id()
                        + " wird auf Ihr Zahlungsmittel erstattet.\nBestellt am");
        assertThat(refunded.html()).contains("Zahlungsmittel erstattet.</p>").contains("Artikel");
    }

    @Test
    void aRefundedOrdersMailInEnglish() {
        var order = placed("en", ADDRESS);

        var mail = templates.render(confirmed(order).refunded(AT).orElseThrow());

        assertThat(mail.subject()).isEqualTo("Your order " + order.id() + " is refunded");
        assertThat(mail.text())
                .startsWith("Hello Alice Example,\n\nthe payment of €25.00 for your order " + order.id()
                        + " is refunded to your payment method.\nOrdered on");
    }

    @Test
    void anOrderThatIsStillOpenHasNoMail() {
        var order = placed("en", ADDRESS);

        assertThatThrownBy(() -> templates.render(order)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> templates.render(order.stockReserved(AT).orElseThrow()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void formatsAmountsWithTheCurrencysSymbolAndMinorDigits() {
        assertThat(MailTemplates.format(new Money(1999, "EUR"), Locale.ENGLISH)).isEqualTo("€19.99");
        assertThat(MailTemplates.format(new Money(5, "EUR"), Locale.ENGLISH)).isEqualTo("€0.05");
        assertThat(MailTemplates.format(new Money(123456, "EUR"), Locale.ENGLISH))
                .isEqualTo("€1,234.56");
        assertThat(MailTemplates.format(new Money(1999, "JPY"), Locale.ENGLISH)).isEqualTo("¥1,999");
        assertThat(MailTemplates.format(new Money(123456, "EUR"), Locale.GERMAN))
                .isEqualTo("1.234,56\u00a0€");
    }

    private static Order order(ShippingAddress address, OrderLine... more) {
        return order("en", address, more);
    }

    /** A confirmed order: the Lamp line and {@code more}. */
    private static Order order(@Nullable String locale, ShippingAddress address, OrderLine... more) {
        return confirmed(placed(locale, address, more));
    }

    private static Order confirmed(Order placed) {
        return placed.stockReserved(AT)
                .flatMap(awaiting -> awaiting.paymentSucceeded(awaiting.total(), AT))
                .orElseThrow();
    }

    private static Order placed(@Nullable String locale, ShippingAddress address, OrderLine... more) {
        var lines = new ArrayList<OrderLine>();
        lines.add(new OrderLine(UUID.randomUUID(), "LAMP-1", "Lamp", 2, new Money(1250, "EUR")));
        lines.addAll(List.of(more));
        return Order.place(UUID.randomUUID(), "alice", "alice@example.com", locale, lines, address, "pm_card_visa", AT);
    }
}
