package dev.shop.cart.cart;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** SQL of {@code cart} and {@code cart_line}. */
@Repository
class CartRepository {

    /** A stored line: only the quantity is the cart's; the price comes from the read model. */
    record StoredLine(
            UUID productId,
            int quantity,
            Instant addedAt,
            @Nullable Long addedUnitAmount) {}

    private final DatabaseClient database;

    CartRepository(DatabaseClient database) {
        this.database = database;
    }

    /** Creates the customer's cart if needed and locks it, so changes and checkouts of one cart go one at a time. */
    Mono<Void> createAndLock(String customerId) {
        return database.sql("insert into cart (customer_id) values (:customerId) on conflict do nothing")
                .bind("customerId", customerId)
                .then()
                .then(lock(customerId))
                .then();
    }

    /** Locks the customer's cart row; emits whether there is one. */
    Mono<Boolean> lock(String customerId) {
        return database.sql("select customer_id from cart where customer_id = :customerId for update")
                .bind("customerId", customerId)
                .map(row -> true)
                .one()
                .defaultIfEmpty(false);
    }

    Flux<StoredLine> lines(String customerId) {
        return database.sql(
                        "select product_id, quantity, added_at, added_unit_amount from cart_line where customer_id = :customerId "
                                + "order by added_at, product_id")
                .bind("customerId", customerId)
                .map(CartRepository::line)
                .all();
    }

    Mono<Long> countLines(String customerId) {
        return database.sql("select count(*) as n from cart_line where customer_id = :customerId")
                .bind("customerId", customerId)
                .map(row -> Objects.requireNonNull(row.get("n", Long.class)))
                .one();
    }

    Mono<Boolean> hasLine(String customerId, UUID productId) {
        return database.sql("select 1 from cart_line where customer_id = :customerId and product_id = :productId")
                .bind("customerId", customerId)
                .bind("productId", productId)
                .map(row -> true)
                .one()
                .defaultIfEmpty(false);
    }

    /**
     * Sets the line's quantity, adding the line if it is new (a new line keeps its place: first added, first shown,
     * and the product's price of that moment).
     */
    Mono<Void> setQuantity(String customerId, UUID productId, int quantity) {
        return database.sql("insert into cart_line (customer_id, product_id, quantity, added_unit_amount) "
                        + "values (:customerId, :productId, :quantity, "
                        + "(select price_amount from product where id = :productId)) "
                        + "on conflict (customer_id, product_id) do update set quantity = excluded.quantity")
                .bind("customerId", customerId)
                .bind("productId", productId)
                .bind("quantity", quantity)
                .then()
                .then(touch(customerId));
    }

    Mono<Void> removeLine(String customerId, UUID productId) {
        return database.sql("delete from cart_line where customer_id = :customerId and product_id = :productId")
                .bind("customerId", customerId)
                .bind("productId", productId)
                .then()
                .then(touch(customerId));
    }

    Mono<Void> clear(String customerId) {
        return database.sql("delete from cart_line where customer_id = :customerId")
                .bind("customerId", customerId)
                .then()
                .then(touch(customerId));
    }

    private Mono<Void> touch(String customerId) {
        return database.sql("update cart set updated_at = now() where customer_id = :customerId")
                .bind("customerId", customerId)
                .then();
    }

    private static StoredLine line(Readable row) {
        return new StoredLine(
                Objects.requireNonNull(row.get("product_id", UUID.class)),
                Objects.requireNonNull(row.get("quantity", Integer.class)),
                Objects.requireNonNull(row.get("added_at", Instant.class)),
                row.get("added_unit_amount", Long.class));
    }
}
