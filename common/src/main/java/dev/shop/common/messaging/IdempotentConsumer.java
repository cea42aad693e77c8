package dev.shop.common.messaging;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Applies an event's effect at most once per consumer group: the event's {@code ce_id} is recorded in the same
 * transaction as the effect. A concurrent duplicate waits on the primary key and then finds the id recorded.
 */
public final class IdempotentConsumer {

    private final DatabaseClient database;
    private final TransactionalOperator transactions;

    public IdempotentConsumer(DatabaseClient database, TransactionalOperator transactions) {
        this.database = database;
        this.transactions = transactions;
    }

    /**
     * In one new transaction, records every id of {@code eventIds} not consumed before (one statement) and runs
     * {@code effects} with the set of those ids: the effects of the others must not happen again. Nothing stays if the
     * effects fail.
     */
    public Mono<Void> runTogether(String group, List<String> eventIds, Function<Set<String>, Mono<?>> effects) {
        var once = database.sql("""
                        insert into consumed_event (consumer_group, event_id)
                        select :group, id from unnest(:ids::text[]) as id
                        on conflict do nothing
                        returning event_id
                        """)
                .bind("group", group)
                .bind("ids", eventIds.toArray(String[]::new))
                .map(row -> row.get("event_id", String.class))
                .all()
                .collect(Collectors.toCollection(HashSet::new))
                .flatMap(fresh -> effects.apply(fresh).then());
        return transactions.transactional(once);
    }

    /** Runs {@code effect} in a new transaction unless {@code eventId} was consumed before; emits whether it ran. */
    public Mono<Boolean> runOnce(String group, String eventId, Mono<?> effect) {
        var once = database.sql("""
                        insert into consumed_event (consumer_group, event_id) values (:group, :eventId)
                        on conflict do nothing
                        """)
                .bind("group", group)
                .bind("eventId", eventId)
                .fetch()
                .rowsUpdated()
                .flatMap(inserted -> inserted == 0 ? Mono.just(false) : effect.then(Mono.just(true)));
        return transactions.transactional(once);
    }
}
