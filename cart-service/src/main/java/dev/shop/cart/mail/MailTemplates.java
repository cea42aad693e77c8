package dev.shop.cart.mail;

import dev.shop.cart.CartProperties;
import dev.shop.cart.order.Order;
import dev.shop.cart.order.OrderLine;
import dev.shop.cart.order.ShippingAddress;
import dev.shop.common.events.Money;
import java.math.BigDecimal;
import java.text.MessageFormat;
import java.text.NumberFormat;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * The order mails, rendered from the Thymeleaf templates {@code mail/order.html} (every value escaped) and
 * {@code mail/order.txt} (its plain-text alternative, the same content): the confirmation, the cancellation (with its
 * reason) and the refund, in the customer's language (the texts in {@code mail/order_<language>.properties}; English
 * where there are none), amounts and dates formatted for it.
 *
 * <p>Rendering may read the templates and texts from the jar: they are cached, but the JDK's and Thymeleaf's caches
 * let go of entries under memory pressure. So it must not run on an event loop; {@link OrderMails} renders on a
 * thread that may block. A mail in each language is rendered at startup, so a broken template stops the service there.
 */
@Component
public class MailTemplates {

    /** A mail ready to send: its subject and both parts. */
    public record RenderedMail(String subject, String text, String html) {}

    /** The languages the mails are written in; any other gets English. */
    static final Set<String> LANGUAGES = Set.of("en", "de");

    private static final ResourceBundle.Control NO_FALLBACK =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    private final TemplateEngine engine = new TemplateEngine();
    private final String shopName;
    private final @Nullable String orderPage;
    private final @Nullable String imageBase;

    @Autowired
    MailTemplates(CartProperties properties) {
        this(
                properties.mail().shopName(),
                properties.mail().orderPage(),
                properties.mail().imageBase());
        for (String language : LANGUAGES) {
            var order = Order.place(
                    UUID.randomUUID(),
                    "warm-up",
                    null,
                    language,
                    List.of(new OrderLine(UUID.randomUUID(), "SKU", "Item", 1, new Money(100, "EUR"))),
                    new ShippingAddress("Name", "Street", "Flat", "City", "12345", "DE"),
                    "pm_card_visa",
                    Instant.EPOCH);
            render(order.stockRejected(Instant.EPOCH).orElseThrow());
        }
    }

    /**
     * @param shopName the shop's name, in every mail
     * @param orderPage the address of an order's page, with {@code {id}} for the order's id; null: no link
     * @param imageBase the shop's address the products' image paths are under; null: no images
     */
    MailTemplates(String shopName, @Nullable String orderPage, @Nullable String imageBase) {
        this.shopName = shopName;
        this.orderPage = orderPage;
        this.imageBase = imageBase == null || imageBase.isBlank() ? null : imageBase.replaceAll("/+$", "");
        var resolver = new ClassLoaderTemplateResolver(MailTemplates.class.getClassLoader());
        resolver.setPrefix("mail/");
        resolver.setTemplateMode(TemplateMode.HTML);
        resolver.setTextTemplateModePatterns(Set.of("*.txt"));
        resolver.setCharacterEncoding("UTF-8");
        resolver.setCacheable(true);
        engine.setTemplateResolver(resolver);
    }

    /**
     * The mail of an order in its current state: {@code CONFIRMED}, {@code CANCELLED} (saying why) or
     * {@code REFUNDED}. Blocks: see the class comment.
     *
     * @throws IllegalArgumentException for an order in another state, which has no mail
     */
    public RenderedMail render(Order order) {
        return render(order, Map.of());
    }

    /**
     * The same, with each line's product image: {@code images} maps a line's product to the path of its thumbnail
     * ({@code /api/catalog/images/...}), shown in the HTML part under the shop's {@code image-base} address.
     */
    public RenderedMail render(Order order, Map<UUID, String> images) {
        if (!OrderMails.KINDS.contains(order.status())) {
            throw new IllegalArgumentException("No mail for an order " + order.status());
        }
        Locale locale = locale(order.customerLocale());
        String subject = MessageFormat.format(
                ResourceBundle.getBundle("mail.order", locale, NO_FALLBACK).getString("subject." + order.status()),
                order.id().toString());
        var context = new Context(locale, model(order, subject, locale, images));
        return new RenderedMail(subject, engine.process("order.txt", context), engine.process("order.html", context));
    }

    /**
     * The locale of a mail to a customer whose profile says {@code tag} (a BCP 47 language tag, the token's {@code
     * locale} claim at checkout): its language when the mails are written in it, English otherwise. The language only
     * ({@code de-AT} is {@code de}): the texts and formats of each are read once, at startup.
     */
    static Locale locale(@Nullable String tag) {
        String language = tag == null ? "" : Locale.forLanguageTag(tag).getLanguage();
        return LANGUAGES.contains(language) ? Locale.of(language) : Locale.ENGLISH;
    }

    private Map<String, @Nullable Object> model(Order order, String subject, Locale locale, Map<UUID, String> images) {
        Map<String, @Nullable Object> model = new HashMap<>();
        model.put("subject", subject);
        model.put("language", locale.getLanguage());
        model.put("kind", order.status().name());
        var reason = order.cancellationReason();
        model.put("reason", reason == null ? null : reason.name());
        model.put(
                "placedOn",
                DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG)
                        .withLocale(locale)
                        .format(order.placedAt().atZone(ZoneOffset.UTC)));
        model.put("shopName", shopName);
        model.put("orderId", order.id().toString());
        model.put(
                "lines",
                order.lines().stream()
                        .map(line -> line(line, locale, image(images.get(line.productId()))))
                        .toList());
        model.put("total", format(order.total(), locale));
        model.put("address", address(order.shippingAddress()));
        model.put(
                "orderPage",
                orderPage == null ? null : orderPage.replace("{id}", order.id().toString()));
        return model;
    }

    private static Map<String, @Nullable Object> line(OrderLine line, Locale locale, @Nullable String image) {
        Map<String, @Nullable Object> fields = new HashMap<>();
        fields.put("name", line.name());
        fields.put("sku", line.sku());
        // a string: as a number, the texts' MessageFormat would group its digits
        fields.put("quantity", Integer.toString(line.quantity()));
        fields.put("unitPrice", format(line.unitPrice(), locale));
        fields.put("total", format(line.lineTotal(), locale));
        fields.put("image", image);
        return fields;
    }

    /** The absolute address of an image path, for a mail client; none without a path or an image base. */
    private @Nullable String image(@Nullable String path) {
        return imageBase == null || path == null || !path.startsWith("/") ? null : imageBase + path;
    }

    private static Map<String, @Nullable Object> address(ShippingAddress address) {
        Map<String, @Nullable Object> fields = new HashMap<>();
        fields.put("name", address.name());
        fields.put("line1", address.line1());
        fields.put("line2", address.line2());
        fields.put("postalCode", address.postalCode());
        fields.put("city", address.city());
        fields.put("country", address.country());
        return fields;
    }

    /**
     * {@code 1999 EUR} as {@code €19.99} in English, {@code 19,99 €} in German: the locale's currency format, the
     * currency's own number of minor digits.
     */
    static String format(Money money, Locale locale) {
        var currency = Currency.getInstance(money.currency());
        int digits = Math.max(0, currency.getDefaultFractionDigits());
        var format = NumberFormat.getCurrencyInstance(locale);
        format.setCurrency(currency);
        format.setMinimumFractionDigits(digits);
        format.setMaximumFractionDigits(digits);
        return format.format(BigDecimal.valueOf(money.amount(), digits));
    }
}
