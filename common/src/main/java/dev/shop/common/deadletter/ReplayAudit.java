package dev.shop.common.deadletter;

import io.r2dbc.spi.Readable;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/** The {@code dead_letter_replay} table: one row per replay, never changed. */
public class ReplayAudit {

    private final DatabaseClient database;

    public ReplayAudit(DatabaseClient database) {
        this.database = database;
    }

    Mono<Void> record(Replay replay) {
        var spec = database.sql("""
                        insert into dead_letter_replay (id, dead_letter_id, topic, event_key, event_id, event_type,
                                                        corrected, payload_sha256, replayed_by, replayed_by_email,
                                                        replayed_at)
                        values (:id, :deadLetterId, :topic, :key, :eventId, :eventType, :corrected, :sha256,
                                :replayedBy, :email, :replayedAt)
                        """)
                .bind("id", replay.id())
                .bind("deadLetterId", replay.deadLetterId())
                .bind("topic", replay.topic())
                .bind("corrected", replay.corrected())
                .bind("sha256", replay.payloadSha256())
                .bind("replayedBy", replay.replayedBy())
                .bind("replayedAt", replay.replayedAt().atOffset(java.time.ZoneOffset.UTC));
        spec = bindNullable(spec, "key", replay.key());
        spec = bindNullable(spec, "eventId", replay.eventId());
        spec = bindNullable(spec, "eventType", replay.eventType());
        spec = bindNullable(spec, "email", replay.replayedByEmail());
        return spec.then();
    }

    /** Removes a replay whose publishing failed: nothing was replayed. */
    Mono<Void> forget(UUID id) {
        return database.sql("delete from dead_letter_replay where id = :id")
                .bind("id", id)
                .then();
    }

    Mono<ReplayPage> page(int page, int size) {
        var items = database.sql(
                        "select * from dead_letter_replay order by replayed_at desc, id limit :limit offset :offset")
                .bind("limit", size)
                .bind("offset", (long) page * size)
                .map(ReplayAudit::replay)
                .all()
                .collectList();
        var total = database.sql("select count(*) as total from dead_letter_replay")
                .map(row -> row.get("total", Long.class))
                .one();
        return Mono.zip(items, total)
                .map(both -> new ReplayPage(both.getT1(), page, size, both.getT2(), (both.getT2() + size - 1) / size));
    }

    private static DatabaseClient.GenericExecuteSpec bindNullable(
            DatabaseClient.GenericExecuteSpec spec, String name, @Nullable String value) {
        return value == null ? spec.bindNull(name, String.class) : spec.bind(name, value);
    }

    private static Replay replay(Readable row) {
        return new Replay(
                row.get("id", UUID.class),
                row.get("dead_letter_id", String.class),
                row.get("topic", String.class),
                row.get("event_key", String.class),
                row.get("event_id", String.class),
                row.get("event_type", String.class),
                Boolean.TRUE.equals(row.get("corrected", Boolean.class)),
                row.get("payload_sha256", String.class),
                row.get("replayed_by", String.class),
                row.get("replayed_by_email", String.class),
                row.get("replayed_at", OffsetDateTime.class).toInstant());
    }
}
