package dev.shop.catalog.image;

import dev.shop.catalog.CatalogProperties;
import dev.shop.catalog.product.Product;
import dev.shop.catalog.product.ProductChanges;
import dev.shop.catalog.product.ProductImage;
import dev.shop.catalog.product.ProductQueries;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The admin's image writes and the public's image reads. An upload is processed ({@link ImageProcessor}, on a
 * scheduler of two threads: decoding takes memory and CPU, so at most two run at once and a few more wait; past that
 * 503), its two objects are stored, and then, in one transaction, the locked product gets the image (a new version,
 * its event, its cache entry). The objects go first so that a product never refers to an object that is not there;
 * when the transaction fails they are deleted again, and what a crash in between leaves behind the sweep removes. A
 * removed image's objects are queued for deletion in the transaction that removes it ({@link ImageDeletions}).
 */
@Service
public class ProductImages implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ProductImages.class);
    private static final int PROCESSING_THREADS = 2;
    private static final int WAITING_UPLOADS = 8;

    private final ImageProcessor processor;
    private final ImageObjects objects;
    private final ImageDeletions deletions;
    private final ProductQueries queries;
    private final ProductChanges changes;
    private final TransactionalOperator transactions;
    private final int maxPerProduct;
    private final Scheduler processing =
            Schedulers.newBoundedElastic(PROCESSING_THREADS, WAITING_UPLOADS, "image-processing");

    ProductImages(
            ImageProcessor processor,
            ImageObjects objects,
            ImageDeletions deletions,
            ProductQueries queries,
            ProductChanges changes,
            TransactionalOperator transactions,
            CatalogProperties properties) {
        this.processor = processor;
        this.objects = objects;
        this.deletions = deletions;
        this.queries = queries;
        this.changes = changes;
        this.transactions = transactions;
        this.maxPerProduct = properties.images().maxPerProduct();
    }

    /**
     * An upload and what became of it: {@code created} is false when the product already had this image (the same
     * bytes), which is then answered again rather than added twice.
     */
    public record Uploaded(ProductImage image, boolean created, Product product) {}

    /**
     * Adds the image in {@code upload} to the product, last.
     *
     * @throws dev.shop.catalog.product.ProductNotFound when there is no such product (checked before the upload is
     *     processed, and again under the lock)
     * @throws ImageRefused when it is not an image the shop accepts
     * @throws TooManyImages when the product has {@code max-per-product} images already
     * @throws ObjectStoreUnavailable when the store cannot take the objects (nothing is written then)
     */
    public Mono<Uploaded> upload(UUID productId, byte[] upload) {
        return queries.existing(productId)
                .then(Mono.fromCallable(() -> processor.process(upload)).subscribeOn(processing))
                .onErrorMap(RejectedExecutionException.class, busy -> new ImagesBusy())
                .flatMap(processed -> {
                    String key = ProductImageKeys.image(productId, processed);
                    String thumbnailKey = ProductImageKeys.thumbnail(productId, processed);
                    String contentType = processed.format().contentType();
                    return Mono.when(
                                    objects.put(key, processed.image(), contentType),
                                    objects.put(thumbnailKey, processed.thumbnail(), contentType))
                            .then(Mono.defer(() -> attach(productId, processed, key, thumbnailKey)))
                            .onErrorResume(failure -> forget(List.of(key, thumbnailKey), failure));
                });
    }

    private Mono<Uploaded> attach(UUID productId, ImageProcessor.Processed processed, String key, String thumbnailKey) {
        return changes.lockExisting(productId)
                .flatMap(product -> {
                    var same = product.images().stream()
                            .filter(image -> image.key().equals(key))
                            .findFirst();
                    if (same.isPresent()) {
                        return Mono.just(new Uploaded(same.get(), false, product));
                    }
                    if (product.images().size() >= maxPerProduct) {
                        return Mono.error(new TooManyImages(productId, maxPerProduct));
                    }
                    var image = new ProductImage(
                            UUID.randomUUID(),
                            key,
                            thumbnailKey,
                            processed.width(),
                            processed.height(),
                            processed.format().contentType());
                    var images = new ArrayList<>(product.images());
                    images.add(image);
                    return changes.save(product, product.withImages(images))
                            .map(saved -> new Uploaded(image, true, saved));
                })
                .as(transactions::transactional);
    }

    /**
     * The upload failed after its objects were (perhaps) stored: deletes those no product refers to (the same bytes
     * may be another upload's image of this product), then fails as the upload did. Should the database not answer
     * the question either, they are deleted regardless: nothing could have committed a reference to them then.
     */
    private <T> Mono<T> forget(List<String> keys, Throwable failure) {
        return queries.referencedImageObjects(keys)
                .collectList()
                .onErrorReturn(List.of())
                .flatMapMany(referenced -> Flux.fromIterable(keys).filter(key -> !referenced.contains(key)))
                .concatMap(key -> objects.delete(key).onErrorResume(e -> {
                    log.warn(
                            "Could not delete the object {} of a failed upload (the sweep will): {}",
                            key,
                            e.toString());
                    return Mono.empty();
                }))
                .then(Mono.error(failure));
    }

    /**
     * Removes an image from the product and queues its objects for deletion.
     *
     * @throws ImageNotFound when the product has no such image
     */
    public Mono<Product> remove(UUID productId, UUID imageId) {
        return changes.lockExisting(productId)
                .flatMap(product -> {
                    var removed = product.images().stream()
                            .filter(image -> image.id().equals(imageId))
                            .findFirst()
                            .orElseThrow(() -> new ImageNotFound(productId, imageId));
                    var images = product.images().stream()
                            .filter(image -> !image.id().equals(imageId))
                            .toList();
                    return changes.save(product, product.withImages(images))
                            .flatMap(
                                    saved -> deletions.enqueue(List.of(removed)).thenReturn(saved));
                })
                .as(transactions::transactional);
    }

    /**
     * Puts the product's images in this order; the same order again changes nothing.
     *
     * @throws InvalidImageOrder unless {@code imageIds} names each of the product's images exactly once
     */
    public Mono<Product> reorder(UUID productId, List<UUID> imageIds) {
        return changes.lockExisting(productId)
                .flatMap(product -> {
                    var current = product.images();
                    if (imageIds.size() != current.size() || new HashSet<>(imageIds).size() != imageIds.size()) {
                        return Mono.error(new InvalidImageOrder());
                    }
                    var ordered = new ArrayList<ProductImage>();
                    for (UUID id : imageIds) {
                        var image =
                                current.stream().filter(i -> i.id().equals(id)).findFirst();
                        if (image.isEmpty()) {
                            return Mono.error(new InvalidImageOrder());
                        }
                        ordered.add(image.get());
                    }
                    return ordered.equals(current)
                            ? Mono.just(product)
                            : changes.save(product, product.withImages(ordered));
                })
                .as(transactions::transactional);
    }

    /** Whether {@code key} has the form of an image's or a thumbnail's key: only those are ever served. */
    public boolean servable(String key) {
        return ProductImageKeys.valid(key);
    }

    /** The object under {@code key}, if it is {@link #servable} and exists. */
    public Mono<ImageObjects.StoredObject> read(String key) {
        return servable(key) ? objects.get(key) : Mono.empty();
    }

    @Override
    public void destroy() {
        processing.dispose();
    }
}
