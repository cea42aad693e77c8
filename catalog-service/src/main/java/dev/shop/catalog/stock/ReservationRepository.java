package dev.shop.catalog.stock;

import java.util.Objects;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * SQL of {@code stock_order} (what catalog decided for each order it has seen) and {@code reservation} (the units one
 * order holds of one product, and whether they are still reserved, released or sold).
 */
@Repository
class ReservationRepository {

    /** What catalog decided for an order. */
    enum Outcome {
        RESERVED,
        REJECTED,
        /** cancelled before its OrderPlaced was handled: a late OrderPlaced must reserve nothing */
        CANCELLED
    }

    enum Status {
        RESERVED,
        RELEASED,
        SOLD
    }

    /** The units one order holds of one product. */
    record Line(UUID orderId, UUID productId, int quantity) {}

    private final DatabaseClient database;

    ReservationRepository(DatabaseClient database) {
        this.database = database;
    }

    Mono<Boolean> known(UUID orderId) {
        return database.sql("select exists (select 1 from stock_order where order_id = :orderId) as known")
                .bind("orderId", orderId)
                .map(row -> Boolean.TRUE.equals(row.get("known", Boolean.class)))
                .one();
    }

    /**
     * Records the outcome for an order unless one is recorded: emits whether this call recorded it. A concurrent
     * caller for the same order waits on the key and then finds it taken.
     */
    Mono<Boolean> decide(UUID orderId, Outcome outcome) {
        return database.sql("insert into stock_order (order_id, outcome) values (:orderId, :outcome) "
                        + "on conflict (order_id) do nothing")
                .bind("orderId", orderId)
                .bind("outcome", outcome.name())
                .fetch()
                .rowsUpdated()
                .map(inserted -> inserted > 0);
    }

    Mono<Void> insert(Line line) {
        return database.sql("insert into reservation (order_id, product_id, quantity, status) "
                        + "values (:orderId, :productId, :quantity, 'RESERVED')")
                .bind("orderId", line.orderId())
                .bind("productId", line.productId())
                .bind("quantity", line.quantity())
                .then();
    }

    /** Locks the order's lines that are still reserved, in product order. */
    Flux<Line> lockReserved(UUID orderId) {
        return database.sql("select order_id, product_id, quantity from reservation "
                        + "where order_id = :orderId and status = 'RESERVED' order by product_id for update")
                .bind("orderId", orderId)
                .map(row -> new Line(
                        Objects.requireNonNull(row.get("order_id", UUID.class)),
                        Objects.requireNonNull(row.get("product_id", UUID.class)),
                        Objects.requireNonNull(row.get("quantity", Integer.class))))
                .all();
    }

    /** Moves a locked line out of {@code RESERVED}. */
    Mono<Void> settle(Line line, Status status) {
        return database.sql("update reservation set status = :status, updated_at = now() "
                        + "where order_id = :orderId and product_id = :productId and status = 'RESERVED'")
                .bind("status", status.name())
                .bind("orderId", line.orderId())
                .bind("productId", line.productId())
                .fetch()
                .rowsUpdated()
                .flatMap(updated -> updated == 1
                        ? Mono.<Void>empty()
                        : Mono.error(new IllegalStateException("Reservation " + line + " was not reserved")));
    }
}
