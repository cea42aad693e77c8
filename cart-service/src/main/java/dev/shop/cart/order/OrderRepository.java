package dev.shop.cart.order;

import dev.shop.common.events.Money;
import dev.shop.common.events.cart.CancellationReason;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** SQL of {@code customer_order}, {@code order_line} and {@code order_history}; every value a bound parameter. */
@Repository
class OrderRepository {

    private static final String COLUMNS =
            "id, customer_id, customer_email, customer_locale, status, cancellation_reason, "
                    + "payment_status, payment_method, total_amount, currency, ship_name, ship_line1, ship_line2, ship_city, "
                    + "ship_postal_code, ship_country, placed_at, updated_at, version";

    private final DatabaseClient database;

    OrderRepository(DatabaseClient database) {
        this.database = database;
    }

    /**
     * Inserts the order, its lines and its first history entry in one statement (data-modifying CTEs; the foreign
     * keys are checked at the end of the statement): one round trip for checkout's biggest write, whatever the number
     * of lines.
     */
    Mono<Void> insert(Order order) {
        ShippingAddress address = order.shippingAddress();
        List<OrderLine> lines = order.lines();
        if (order.history().size() != 1) {
            throw new IllegalArgumentException("A new order has exactly its placement in its history");
        }
        StateChange placed = order.history().getFirst();
        var insert = database.sql("with header as (insert into customer_order (" + COLUMNS + ") values (:id, "
                        + ":customerId, :email, :locale, :status, null, :paymentStatus, :paymentMethod, :total, :currency, :name, "
                        + ":line1, :line2, :city, :postalCode, :country, :placedAt, :updatedAt, :version)), "
                        + "lines as (insert into order_line (order_id, line_no, product_id, sku, name, quantity, "
                        + "unit_amount) select :id, line.* from unnest(:lineNos, :productIds, :skus, :names, "
                        + ":quantities, :units) as line) "
                        + "insert into order_history (order_id, seq, status, reason, at) "
                        + "values (:id, 1, :status, null, :placedAt)")
                .bind("id", order.id())
                .bind("customerId", order.customerId())
                .bind("status", placed.status().name())
                .bind("paymentStatus", order.paymentStatus().name())
                .bind("paymentMethod", order.paymentMethod())
                .bind("total", order.total().amount())
                .bind("currency", order.total().currency())
                .bind("name", address.name())
                .bind("line1", address.line1())
                .bind("city", address.city())
                .bind("postalCode", address.postalCode())
                .bind("country", address.country())
                .bind("placedAt", placed.at().atOffset(ZoneOffset.UTC))
                .bind("updatedAt", order.updatedAt().atOffset(ZoneOffset.UTC))
                .bind("version", order.version())
                .bind(
                        "lineNos",
                        java.util.stream.IntStream.rangeClosed(1, lines.size())
                                .boxed()
                                .toArray(Integer[]::new))
                .bind("productIds", lines.stream().map(OrderLine::productId).toArray(UUID[]::new))
                .bind("skus", lines.stream().map(OrderLine::sku).toArray(String[]::new))
                .bind("names", lines.stream().map(OrderLine::name).toArray(String[]::new))
                .bind("quantities", lines.stream().map(OrderLine::quantity).toArray(Integer[]::new))
                .bind(
                        "units",
                        lines.stream().map(line -> line.unitPrice().amount()).toArray(Long[]::new));
        insert = bindNullable(insert, "email", order.customerEmail());
        insert = bindNullable(insert, "locale", order.customerLocale());
        insert = bindNullable(insert, "line2", address.line2());
        return insert.then();
    }

    /** Writes {@code after}'s state over the row, provided it is still at {@code before}'s version (it is locked). */
    Mono<Void> update(Order before, Order after) {
        var update = database.sql("update customer_order set status = :status, cancellation_reason = :reason, "
                        + "payment_status = :paymentStatus, updated_at = :updatedAt, version = :version "
                        + "where id = :id and version = :expectedVersion")
                .bind("id", after.id())
                .bind("status", after.status().name())
                .bind("paymentStatus", after.paymentStatus().name())
                .bind("updatedAt", after.updatedAt().atOffset(ZoneOffset.UTC))
                .bind("version", after.version())
                .bind("expectedVersion", before.version());
        CancellationReason reason = after.cancellationReason();
        update = bindNullable(update, "reason", reason == null ? null : reason.name());
        return update.fetch()
                .rowsUpdated()
                .flatMap(rows -> rows == 1
                        ? appendHistory(after.id(), before.history().size(), after.changesSince(before))
                        : Mono.error(new IllegalStateException("Order " + before.id() + " is no longer at version "
                                + before.version() + ": it must be locked before it is changed")));
    }

    /** The customer's order, locked for a change; empty when the customer has no such order. */
    Mono<Order> lockOwned(UUID id, String customerId) {
        return database.sql("select " + COLUMNS + " from customer_order where id = :id and customer_id = :customerId "
                        + "for update")
                .bind("id", id)
                .bind("customerId", customerId)
                .map(OrderRepository::header)
                .one()
                .flatMap(this::complete);
    }

    /** Any customer's order, locked for a change by the saga; empty when there is no such order. */
    Mono<Order> lock(UUID id) {
        return database.sql("select " + COLUMNS + " from customer_order where id = :id for update")
                .bind("id", id)
                .map(OrderRepository::header)
                .one()
                .flatMap(this::complete);
    }

    /**
     * Up to {@code limit} open orders placed before {@code cutoff}, oldest first, locked. Rows that another transaction
     * holds (another replica's timeout job, a consumer changing the order right now) are skipped, not waited for.
     */
    Flux<UUID> lockOpenPlacedBefore(Instant cutoff, int limit) {
        return database.sql("select id from customer_order where status in ('PENDING', 'AWAITING_PAYMENT') "
                        + "and placed_at < :cutoff order by placed_at limit :limit for update skip locked")
                .bind("cutoff", cutoff.atOffset(ZoneOffset.UTC))
                .bind("limit", limit)
                .map(row -> required(row, "id", UUID.class))
                .all();
    }

    /** How many orders are in each state (states without orders are absent). */
    Mono<Map<OrderStatus, Long>> countByStatus() {
        return database.sql("select status, count(*) as orders from customer_order group by status")
                .map(row -> Map.entry(
                        OrderStatus.valueOf(required(row, "status", String.class)),
                        required(row, "orders", Long.class)))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue);
    }

    Mono<Order> findOwned(UUID id, String customerId) {
        return database.sql("select " + COLUMNS + " from customer_order where id = :id and customer_id = :customerId")
                .bind("id", id)
                .bind("customerId", customerId)
                .map(OrderRepository::header)
                .one()
                .flatMap(this::complete);
    }

    /** The order's history entries numbered above {@code afterSeq}, oldest first. */
    Flux<OrderEvent> historyAfter(UUID orderId, int afterSeq) {
        return database.sql("select seq, status, reason, at from order_history where order_id = :orderId "
                        + "and seq > :afterSeq order by seq")
                .bind("orderId", orderId)
                .bind("afterSeq", afterSeq)
                .map(row -> {
                    String reason = row.get("reason", String.class);
                    return new OrderEvent(
                            required(row, "seq", Integer.class),
                            new StateChange(
                                    OrderStatus.valueOf(required(row, "status", String.class)),
                                    reason == null ? null : CancellationReason.valueOf(reason),
                                    required(row, "at", Instant.class)));
                })
                .all();
    }

    /** One page of the customer's orders, newest first (ties by id, so pages are stable). */
    Flux<Order> findPage(String customerId, int page, int size) {
        return database.sql("select " + COLUMNS + " from customer_order where customer_id = :customerId "
                        + "order by placed_at desc, id desc limit :limit offset :offset")
                .bind("customerId", customerId)
                .bind("limit", size)
                .bind("offset", (long) page * size)
                .map(OrderRepository::header)
                .all()
                .collectList()
                .flatMapMany(this::completeAll);
    }

    Mono<Long> count(String customerId) {
        return database.sql("select count(*) as total from customer_order where customer_id = :customerId")
                .bind("customerId", customerId)
                .map(row -> Objects.requireNonNull(row.get("total", Long.class)))
                .one();
    }

    private Mono<Void> appendHistory(UUID orderId, int firstIndex, List<StateChange> changes) {
        return Flux.range(0, changes.size())
                .concatMap(offset -> {
                    StateChange change = changes.get(offset);
                    var insert = database.sql("insert into order_history (order_id, seq, status, reason, at) "
                                    + "values (:orderId, :seq, :status, :reason, :at)")
                            .bind("orderId", orderId)
                            .bind("seq", firstIndex + offset + 1)
                            .bind("status", change.status().name())
                            .bind("at", change.at().atOffset(ZoneOffset.UTC));
                    CancellationReason reason = change.reason();
                    return bindNullable(insert, "reason", reason == null ? null : reason.name())
                            .fetch()
                            .rowsUpdated();
                })
                .then();
    }

    private Mono<Order> complete(Header header) {
        return completeAll(List.of(header)).single();
    }

    // lines and history of all the orders in two queries, whatever the page size
    private Flux<Order> completeAll(List<Header> headers) {
        if (headers.isEmpty()) {
            return Flux.empty();
        }
        UUID[] ids = headers.stream().map(Header::id).toArray(UUID[]::new);
        Map<UUID, String> currencies = new HashMap<>();
        headers.forEach(header -> currencies.put(header.id(), header.currency()));
        Mono<Map<UUID, Collection<OrderLine>>> lines = database.sql(
                        "select order_id, product_id, sku, name, quantity, unit_amount from order_line "
                                + "where order_id = any(:ids) order by order_id, line_no")
                .bind("ids", ids)
                .map(row -> Map.entry(
                        required(row, "order_id", UUID.class),
                        new OrderLine(
                                required(row, "product_id", UUID.class),
                                required(row, "sku", String.class),
                                required(row, "name", String.class),
                                required(row, "quantity", Integer.class),
                                new Money(
                                        required(row, "unit_amount", Long.class),
                                        currencies.get(required(row, "order_id", UUID.class))))))
                .all()
                .collectMultimap(Map.Entry::getKey, Map.Entry::getValue);
        Mono<Map<UUID, Collection<StateChange>>> history = database.sql(
                        "select order_id, status, reason, at from order_history where order_id = any(:ids) "
                                + "order by order_id, seq")
                .bind("ids", ids)
                .map(row -> {
                    String reason = row.get("reason", String.class);
                    return Map.entry(
                            required(row, "order_id", UUID.class),
                            new StateChange(
                                    OrderStatus.valueOf(required(row, "status", String.class)),
                                    reason == null ? null : CancellationReason.valueOf(reason),
                                    required(row, "at", Instant.class)));
                })
                .all()
                .collectMultimap(Map.Entry::getKey, Map.Entry::getValue);
        return Mono.zip(lines, history)
                .flatMapMany(both -> Flux.fromIterable(headers)
                        .map(header -> header.toOrder(
                                new ArrayList<>(both.getT1().getOrDefault(header.id(), List.of())),
                                new ArrayList<>(both.getT2().getOrDefault(header.id(), List.of())))));
    }

    /** The row of {@code customer_order}, before its lines and history are added. */
    private record Header(
            UUID id,
            String customerId,
            @Nullable String customerEmail,
            @Nullable String customerLocale,
            OrderStatus status,
            @Nullable CancellationReason reason,
            PaymentStatus paymentStatus,
            String paymentMethod,
            long totalAmount,
            String currency,
            ShippingAddress address,
            Instant placedAt,
            Instant updatedAt,
            long version) {

        Order toOrder(List<OrderLine> lines, List<StateChange> history) {
            return new Order(
                    id,
                    customerId,
                    customerEmail,
                    customerLocale,
                    status,
                    reason,
                    paymentStatus,
                    paymentMethod,
                    lines,
                    new Money(totalAmount, currency),
                    address,
                    placedAt,
                    updatedAt,
                    version,
                    history);
        }
    }

    private static Header header(Readable row) {
        String reason = row.get("cancellation_reason", String.class);
        return new Header(
                required(row, "id", UUID.class),
                required(row, "customer_id", String.class),
                row.get("customer_email", String.class),
                row.get("customer_locale", String.class),
                OrderStatus.valueOf(required(row, "status", String.class)),
                reason == null ? null : CancellationReason.valueOf(reason),
                PaymentStatus.valueOf(required(row, "payment_status", String.class)),
                required(row, "payment_method", String.class),
                required(row, "total_amount", Long.class),
                required(row, "currency", String.class),
                new ShippingAddress(
                        required(row, "ship_name", String.class),
                        required(row, "ship_line1", String.class),
                        row.get("ship_line2", String.class),
                        required(row, "ship_city", String.class),
                        required(row, "ship_postal_code", String.class),
                        required(row, "ship_country", String.class)),
                required(row, "placed_at", Instant.class),
                required(row, "updated_at", Instant.class),
                required(row, "version", Long.class));
    }

    private static DatabaseClient.GenericExecuteSpec bindNullable(
            DatabaseClient.GenericExecuteSpec spec, String name, @Nullable String value) {
        return value == null ? spec.bindNull(name, String.class) : spec.bind(name, value);
    }

    private static <T> T required(Readable row, String column, Class<T> type) {
        return Objects.requireNonNull(row.get(column, type), column);
    }
}
