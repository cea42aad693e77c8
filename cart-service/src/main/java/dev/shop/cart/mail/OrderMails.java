package dev.shop.cart.mail;

import dev.shop.cart.order.Order;
import dev.shop.cart.order.OrderLine;
import dev.shop.cart.order.OrderStatus;
import dev.shop.cart.product.CatalogProduct;
import dev.shop.cart.product.ProductReadModel;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Records the mail an order's change calls for — its confirmation, its cancellation, its refund — as a pending row of
 * {@code order_mail}, in the transaction that saves the change: the mail exists if and only if the change does, and
 * sending it ({@link MailJob}) happens later, outside the transaction, so SMTP can neither block nor undo the order.
 */
@Component
public class OrderMails {

    /** The states an order gets a mail for, when it reaches them; the row's {@code kind} is the state's name. */
    static final Set<OrderStatus> KINDS = Set.of(OrderStatus.CONFIRMED, OrderStatus.CANCELLED, OrderStatus.REFUNDED);

    private static final Logger log = LoggerFactory.getLogger(OrderMails.class);

    private final DatabaseClient database;
    private final MailTemplates templates;
    private final ProductReadModel products;
    private final Clock clock;

    OrderMails(DatabaseClient database, MailTemplates templates, ProductReadModel products, Clock clock) {
        this.database = database;
        this.templates = templates;
        this.products = products;
        this.clock = clock;
    }

    /**
     * Writes the mail of an order that has just reached {@code CONFIRMED}, {@code CANCELLED} or {@code REFUNDED}
     * ({@code before} was in another state); any other change, or an order without an e-mail, gets none.
     */
    public Mono<Void> changed(Order before, Order after) {
        if (before.status() == after.status() || !KINDS.contains(after.status())) {
            return Mono.empty();
        }
        String recipient = after.customerEmail();
        if (recipient == null) {
            log.info("Order {} has no e-mail (none in the token at checkout): no {} mail", after.id(), after.status());
            return Mono.empty();
        }
        var productIds = after.lines().stream().map(OrderLine::productId).toList();
        return products.findAll(productIds)
                .filter(product -> product.imageUrl() != null)
                .collectMap(CatalogProduct::id, product -> Objects.requireNonNull(product.imageUrl()))
                // rendering may read from the jar (see MailTemplates): on a thread that may block, never on the
                // event loop
                .flatMap(images -> Mono.fromCallable(() -> templates.render(after, images))
                        .subscribeOn(Schedulers.boundedElastic()))
                .flatMap(mail -> {
                    var now = clock.instant().atOffset(ZoneOffset.UTC);
                    // one mail of each kind per order: the key keeps a repeated change (which the order's guard
                    // already prevents) from queueing a second one
                    return database.sql("insert into order_mail (order_id, kind, recipient, subject, body, html_body,"
                                    + " status, next_attempt_at, created_at) values (:orderId, :kind, :recipient,"
                                    + " :subject, :body, :html, 'PENDING', :now, :now)"
                                    + " on conflict (order_id, kind) do nothing")
                            .bind("orderId", after.id())
                            .bind("kind", after.status().name())
                            .bind("recipient", recipient)
                            .bind("subject", mail.subject())
                            .bind("body", mail.text())
                            .bind("html", mail.html())
                            .bind("now", now)
                            .fetch()
                            .rowsUpdated();
                })
                .then();
    }
}
