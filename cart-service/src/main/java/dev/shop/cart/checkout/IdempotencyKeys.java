package dev.shop.cart.checkout;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * The {@code idempotency_key} table and the lock that marks a key in flight. All of it runs in the checkout's
 * transaction.
 */
@Repository
class IdempotencyKeys {

    /** The order a key created, the fingerprint of the request that created it and the response body it got. */
    record Stored(String fingerprint, UUID orderId, String response) {}

    private final DatabaseClient database;

    IdempotencyKeys(DatabaseClient database) {
        this.database = database;
    }

    /**
     * Takes the transaction-scoped advisory lock of the customer's key without waiting; emits false when another
     * transaction holds it (its request is in flight). PostgreSQL releases it when that transaction ends in any way,
     * including the death of the service that ran it (its connection closes), so a key is never stuck in flight.
     */
    Mono<Boolean> tryLock(String customerId, IdempotencyKey key) {
        return database.sql("select pg_try_advisory_xact_lock(hashtextextended(:scope, 0)) as locked")
                .bind("scope", lockScope(customerId, key))
                .map(row -> Objects.requireNonNull(row.get("locked", Boolean.class)))
                .one();
    }

    /** The key's record, if it was used since {@code cutoff}. */
    Mono<Stored> find(String customerId, IdempotencyKey key, Instant cutoff) {
        return database.sql("select fingerprint, order_id, response from idempotency_key "
                        + "where customer_id = :customerId and key = :key and created_at > :cutoff")
                .bind("customerId", customerId)
                .bind("key", key.value())
                .bind("cutoff", cutoff.atOffset(ZoneOffset.UTC))
                .map(row -> new Stored(
                        Objects.requireNonNull(row.get("fingerprint", String.class)),
                        Objects.requireNonNull(row.get("order_id", UUID.class)),
                        Objects.requireNonNull(row.get("response", String.class))))
                .one();
    }

    /** Records the key of an accepted checkout; a record from before {@code cutoff} (expired) is replaced. */
    Mono<Void> record(String customerId, IdempotencyKey key, Stored stored, Instant now, Instant cutoff) {
        return database.sql("""
                        insert into idempotency_key (customer_id, key, fingerprint, order_id, response, created_at)
                        values (:customerId, :key, :fingerprint, :orderId, :response, :now)
                        on conflict (customer_id, key) do update set fingerprint = excluded.fingerprint,
                            order_id = excluded.order_id, response = excluded.response, created_at = excluded.created_at
                        where idempotency_key.created_at <= :cutoff
                        """)
                .bind("customerId", customerId)
                .bind("key", key.value())
                .bind("fingerprint", stored.fingerprint())
                .bind("orderId", stored.orderId())
                .bind("response", stored.response())
                .bind("now", now.atOffset(ZoneOffset.UTC))
                .bind("cutoff", cutoff.atOffset(ZoneOffset.UTC))
                .fetch()
                .rowsUpdated()
                .flatMap(rows -> rows == 1
                        ? Mono.<Void>empty()
                        : Mono.error(new IllegalStateException(
                                "An unexpired record of this key appeared while its lock was held")));
    }

    /** Deletes the keys used before {@code cutoff}; emits how many. */
    Mono<Long> deleteExpired(Instant cutoff) {
        return database.sql("delete from idempotency_key where created_at <= :cutoff")
                .bind("cutoff", cutoff.atOffset(ZoneOffset.UTC))
                .fetch()
                .rowsUpdated();
    }

    // length-prefixed, so that no customer id and key can run together into another pair
    static String lockScope(String customerId, IdempotencyKey key) {
        return "checkout:" + customerId.length() + ":" + customerId + ":" + key.value();
    }
}
