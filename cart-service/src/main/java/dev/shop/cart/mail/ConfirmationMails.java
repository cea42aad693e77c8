package dev.shop.cart.mail;

import dev.shop.cart.order.Order;
import dev.shop.cart.order.OrderLine;
import dev.shop.cart.order.ShippingAddress;
import dev.shop.common.events.Money;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Currency;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Records an order's confirmation mail as a pending row of {@code order_mail}, in the transaction that confirms the
 * order: the mail exists if and only if the confirmation does, and sending it ({@link MailJob}) happens later, outside
 * the transaction, so SMTP can neither block nor undo the order.
 */
@Component
public class ConfirmationMails {

    private static final Logger log = LoggerFactory.getLogger(ConfirmationMails.class);

    private final DatabaseClient database;
    private final Clock clock;

    ConfirmationMails(DatabaseClient database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** Writes the confirmation mail of a confirmed order; an order without an e-mail gets none. */
    public Mono<Void> record(Order order) {
        String recipient = order.customerEmail();
        if (recipient == null) {
            log.info("Order {} has no e-mail (none in the token at checkout): no confirmation mail", order.id());
            return Mono.empty();
        }
        var now = clock.instant().atOffset(ZoneOffset.UTC);
        // one mail per order: the primary key keeps a second confirmation (which the order's guard already prevents)
        // from queueing a second mail
        return database.sql("insert into order_mail (order_id, recipient, subject, body, status, next_attempt_at, "
                        + "created_at) values (:orderId, :recipient, :subject, :body, 'PENDING', :now, :now) "
                        + "on conflict (order_id) do nothing")
                .bind("orderId", order.id())
                .bind("recipient", recipient)
                .bind("subject", subject(order))
                .bind("body", body(order))
                .bind("now", now)
                .fetch()
                .rowsUpdated()
                .then();
    }

    static String subject(Order order) {
        return "Your order " + order.id() + " is confirmed";
    }

    /** Plain text: the lines, the total and the shipping address, as the customer agreed to them at checkout. */
    static String body(Order order) {
        ShippingAddress address = order.shippingAddress();
        var text = new StringBuilder();
        text.append("Hello ").append(address.name()).append(",\n\n");
        text.append("thank you for your order ").append(order.id()).append(". It is paid and confirmed.\n\n");
        for (OrderLine line : order.lines()) {
            text.append(line.quantity())
                    .append(" x ")
                    .append(line.name())
                    .append(" (")
                    .append(line.sku())
                    .append(") at ")
                    .append(format(line.unitPrice()))
                    .append(" = ")
                    .append(format(line.lineTotal()))
                    .append('\n');
        }
        text.append("\nTotal: ").append(format(order.total())).append("\n\n");
        text.append("Shipping to:\n")
                .append(address.name())
                .append('\n')
                .append(address.line1())
                .append('\n');
        if (address.line2() != null) {
            text.append(address.line2()).append('\n');
        }
        text.append(address.postalCode())
                .append(' ')
                .append(address.city())
                .append('\n')
                .append(address.country())
                .append('\n');
        return text.toString();
    }

    /** {@code 1999 EUR} as {@code 19.99 EUR}, with the currency's own number of minor digits. */
    static String format(Money money) {
        int digits = Math.max(0, Currency.getInstance(money.currency()).getDefaultFractionDigits());
        return BigDecimal.valueOf(money.amount(), digits).toPlainString() + " " + money.currency();
    }
}
