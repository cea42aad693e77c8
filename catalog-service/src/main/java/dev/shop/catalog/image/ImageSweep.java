package dev.shop.catalog.image;

import dev.shop.catalog.CatalogProperties;
import dev.shop.catalog.product.ProductQueries;
import dev.shop.common.lifecycle.PeriodicJob;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Every {@code sweep-interval}, deletes the image objects of the bucket (keys of the form uploads write; nothing else)
 * that no product refers to and that are older than {@code orphan-age}: what an upload left behind when it died between storing its objects and its database write, or
 * a deletion the queue lost. Younger objects may belong to an upload still under way and are left alone. Replicas may
 * sweep at the same time: deleting twice is harmless.
 */
@Component
class ImageSweep extends PeriodicJob {

    private static final Logger log = LoggerFactory.getLogger(ImageSweep.class);
    private static final int PAGE = 500;

    private final ImageObjects objects;
    private final ProductQueries products;
    private final Clock clock;
    private final CatalogProperties.Images settings;
    private final Counter deleted;

    ImageSweep(
            ImageObjects objects,
            ProductQueries products,
            Clock clock,
            CatalogProperties properties,
            MeterRegistry meters) {
        super(
                "sweep the image objects no product refers to",
                properties.images().sweepInterval(),
                properties.images().sweepInterval());
        this.objects = objects;
        this.products = products;
        this.clock = clock;
        this.settings = properties.images();
        this.deleted = Counter.builder("shop.images.objects.deleted")
                .tag("by", "sweep")
                .description("Objects no product referred to, deleted by the sweep")
                .register(meters);
    }

    @Override
    protected Mono<?> runOnce() {
        var cutoff = clock.instant().minus(settings.orphanAge());
        return objects.list(ProductImageKeys.PREFIX)
                // only what an upload writes: anything else in the bucket is not the sweep's to delete
                .filter(object -> ProductImageKeys.valid(object.key()))
                .filter(object -> object.lastModified().isBefore(cutoff))
                .buffer(PAGE)
                .concatMap(this::deleteUnreferenced)
                .reduce(0L, Long::sum)
                .doOnNext(count -> {
                    if (count > 0) {
                        log.info("Deleted {} image objects no product refers to", count);
                    }
                });
    }

    private Flux<Long> deleteUnreferenced(List<ImageObjects.Listed> page) {
        var keys = page.stream().map(ImageObjects.Listed::key).toList();
        return products.referencedImageObjects(keys)
                .collect(HashSet<String>::new, HashSet::add)
                .flatMapMany(referenced -> Flux.fromIterable(keys).filter(key -> !referenced.contains(key)))
                .concatMap(key -> objects.delete(key)
                        .then(Mono.fromRunnable(deleted::increment))
                        .thenReturn(1L));
    }
}
