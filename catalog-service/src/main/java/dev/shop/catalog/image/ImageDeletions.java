package dev.shop.catalog.image;

import dev.shop.catalog.CatalogProperties;
import dev.shop.catalog.product.ProductImage;
import dev.shop.catalog.product.ProductQueries;
import dev.shop.common.lifecycle.PeriodicJob;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The objects to delete, as an outbox of its own: a removed image, or a deleted product's images, queue their objects'
 * keys in the transaction that removes them ({@link #enqueue}), and this job deletes them from the store afterwards,
 * retrying with a doubling pause while the store is away. An object is only deleted when no product refers to it (the
 * same bytes uploaded again to the product since) and when it is older than {@code orphan-age} (an upload of the same
 * bytes may have written it again and not committed yet); a younger one is looked at again when it comes of age.
 */
@Component
public class ImageDeletions extends PeriodicJob {

    private static final Logger log = LoggerFactory.getLogger(ImageDeletions.class);
    private static final int BATCH = 50;
    private static final Duration LEASE = Duration.ofMinutes(1);
    private static final Duration LONGEST_BACKOFF = Duration.ofHours(1);

    private final DatabaseClient database;
    private final ImageObjects objects;
    private final ProductQueries products;
    private final Clock clock;
    private final CatalogProperties.Images settings;
    private final Counter deleted;

    ImageDeletions(
            DatabaseClient database,
            ImageObjects objects,
            ProductQueries products,
            Clock clock,
            CatalogProperties properties,
            MeterRegistry meters) {
        super(
                "delete the objects of removed images",
                properties.images().deletionInterval(),
                properties.images().deletionInterval());
        this.database = database;
        this.objects = objects;
        this.products = products;
        this.clock = clock;
        this.settings = properties.images();
        this.deleted = Counter.builder("shop.images.objects.deleted")
                .tag("by", "queue")
                .description("Objects of removed images deleted from the store")
                .register(meters);
    }

    /** Queues the objects of these images for deletion; must run in the transaction that removes the images. */
    public Mono<Void> enqueue(Collection<ProductImage> images) {
        List<String> keys = images.stream()
                .flatMap(image -> java.util.stream.Stream.of(image.key(), image.thumbnailKey()))
                .toList();
        if (keys.isEmpty()) {
            return Mono.empty();
        }
        return database.sql("insert into image_deletion (key, due_at) select k, :now from unnest(cast(:keys as text[]))"
                        + " as k on conflict (key) do nothing")
                .bind("keys", keys.toArray(String[]::new))
                .bind("now", clock.instant().atOffset(ZoneOffset.UTC))
                .then();
    }

    /** A claimed key and how often deleting it failed before. */
    private record Due(String key, int attempts) {}

    @Override
    protected Mono<?> runOnce() {
        return claim().concatMap(this::settle).then();
    }

    @Override
    protected Mono<Duration> nextWorkIn() {
        return database.sql("select min(due_at) as next from image_deletion")
                .map(row -> Optional.ofNullable(row.get("next", OffsetDateTime.class)))
                .one()
                .flatMap(next -> Mono.justOrEmpty(next.map(at -> Duration.between(clock.instant(), at.toInstant()))))
                .map(wait -> wait.isNegative() ? Duration.ZERO : wait);
    }

    private Flux<Due> claim() {
        Instant now = clock.instant();
        // the lease keeps another replica off the keys while this one works on them
        return database.sql("update image_deletion set due_at = :leaseUntil where key in (select key from "
                        + "image_deletion where due_at <= :now order by due_at limit :limit for update skip locked) "
                        + "returning key, attempts")
                .bind("now", now.atOffset(ZoneOffset.UTC))
                .bind("leaseUntil", now.plus(LEASE).atOffset(ZoneOffset.UTC))
                .bind("limit", BATCH)
                .map(row -> new Due(
                        Objects.requireNonNull(row.get("key", String.class)),
                        Objects.requireNonNull(row.get("attempts", Integer.class))))
                .all();
    }

    private Mono<Void> settle(Due due) {
        return products.referencedImageObjects(List.of(due.key()))
                .hasElements()
                .flatMap(referenced -> referenced
                        ? done(due) // uploaded again since: the object is in use
                        : objects.lastModified(due.key())
                                .flatMap(written -> {
                                    Instant ofAge = written.plus(settings.orphanAge());
                                    return ofAge.isAfter(clock.instant())
                                            ? postpone(due, ofAge)
                                            : objects.delete(due.key())
                                                    .then(Mono.fromRunnable(deleted::increment))
                                                    .then(done(due));
                                })
                                .switchIfEmpty(Mono.defer(() -> done(due)))) // gone already
                .onErrorResume(failure -> failed(due, failure));
    }

    private Mono<Void> done(Due due) {
        return database.sql("delete from image_deletion where key = :key")
                .bind("key", due.key())
                .then();
    }

    private Mono<Void> postpone(Due due, Instant until) {
        return database.sql("update image_deletion set due_at = :until where key = :key")
                .bind("key", due.key())
                .bind("until", until.atOffset(ZoneOffset.UTC))
                .then();
    }

    private Mono<Void> failed(Due due, Throwable failure) {
        int attempts = due.attempts() + 1;
        Duration backoff = settings.retryBackoff().multipliedBy(1L << Math.min(attempts - 1, 20));
        if (backoff.compareTo(LONGEST_BACKOFF) > 0) {
            backoff = LONGEST_BACKOFF;
        }
        String error = String.valueOf(failure.getMessage());
        log.warn("Could not delete the object {} (try {}), next try in {}: {}", due.key(), attempts, backoff, error);
        return database.sql("update image_deletion set attempts = :attempts, due_at = :next, last_error = :error "
                        + "where key = :key")
                .bind("key", due.key())
                .bind("attempts", attempts)
                .bind("next", clock.instant().plus(backoff).atOffset(ZoneOffset.UTC))
                .bind("error", error.length() > 1000 ? error.substring(0, 1000) : error)
                .then();
    }
}
