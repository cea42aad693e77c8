package dev.shop.auth.profile;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/** The {@code user_profile} table. */
@Repository
public class Profiles {

    private final DatabaseClient database;

    Profiles(DatabaseClient database) {
        this.database = database;
    }

    /** Inserts a new profile; fails when one with this id exists. Joins the caller's transaction, if any. */
    public Mono<Profile> insert(Profile profile) {
        return database.sql("""
                        insert into user_profile (id, email, first_name, last_name, created_at)
                        values (:id, :email, :firstName, :lastName, :createdAt)
                        """)
                .bind("id", profile.id())
                .bind("email", profile.email())
                .bind("firstName", profile.firstName())
                .bind("lastName", profile.lastName())
                .bind("createdAt", profile.createdAt().atOffset(ZoneOffset.UTC))
                .then()
                .thenReturn(profile);
    }

    /** The profile {@code candidate.id()} has, inserting {@code candidate} first when it has none. */
    public Mono<Profile> findOrInsert(Profile candidate) {
        return database.sql("""
                        insert into user_profile (id, email, first_name, last_name, created_at)
                        values (:id, :email, :firstName, :lastName, :createdAt)
                        on conflict (id) do nothing
                        """)
                .bind("id", candidate.id())
                .bind("email", candidate.email())
                .bind("firstName", candidate.firstName())
                .bind("lastName", candidate.lastName())
                .bind("createdAt", candidate.createdAt().atOffset(ZoneOffset.UTC))
                .then()
                .then(findById(candidate.id()));
    }

    public Mono<Profile> findById(UUID id) {
        return database.sql("select id, email, first_name, last_name, created_at from user_profile where id = :id")
                .bind("id", id)
                .map(row -> new Profile(
                        row.get("id", UUID.class),
                        row.get("email", String.class),
                        row.get("first_name", String.class),
                        row.get("last_name", String.class),
                        row.get("created_at", OffsetDateTime.class).toInstant()))
                .one();
    }
}
