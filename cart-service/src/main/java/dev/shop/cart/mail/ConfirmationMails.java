package dev.shop.cart.mail;

import dev.shop.cart.order.Order;
import java.time.Clock;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Records an order's confirmation mail (rendered by {@link MailTemplates}: HTML and plain text) as a pending row of
 * {@code order_mail}, in the transaction that confirms the order: the mail exists if and only if the confirmation does, and sending it ({@link MailJob}) happens later, outside
 * the transaction, so SMTP can neither block nor undo the order.
 */
@Component
public class ConfirmationMails {

    private static final Logger log = LoggerFactory.getLogger(ConfirmationMails.class);

    private final DatabaseClient database;
    private final MailTemplates templates;
    private final Clock clock;

    ConfirmationMails(DatabaseClient database, MailTemplates templates, Clock clock) {
        this.database = database;
        this.templates = templates;
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
        var mail = templates.confirmation(order);
        return database.sql("insert into order_mail (order_id, recipient, subject, body, html_body, status, "
                        + "next_attempt_at, created_at) values (:orderId, :recipient, :subject, :body, :html, "
                        + "'PENDING', :now, :now) on conflict (order_id) do nothing")
                .bind("orderId", order.id())
                .bind("recipient", recipient)
                .bind("subject", mail.subject())
                .bind("body", mail.text())
                .bind("html", mail.html())
                .bind("now", now)
                .fetch()
                .rowsUpdated()
                .then();
    }
}
