package dev.shop.catalog.product;

import dev.shop.catalog.image.ImageDeletions;
import dev.shop.common.events.catalog.ProductDeleted;
import dev.shop.common.events.catalog.ProductUpserted;
import dev.shop.common.outbox.OutboxWriter;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionSynchronization;
import org.springframework.transaction.reactive.TransactionSynchronizationManager;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The one way to change a product, inside the caller's transaction: the row, its event in the outbox (same
 * transaction) and, once the transaction has committed, its cache entry. Changes a client can see (a new version)
 * publish {@link ProductUpserted}; a deletion publishes {@link ProductDeleted}; changes to a deleted product publish
 * nothing.
 */
@Component
public class ProductChanges {

    private final ProductRepository products;
    private final OutboxWriter outbox;
    private final ProductCache cache;
    private final ProductJson json;
    private final ImageDeletions imageDeletions;

    ProductChanges(
            ProductRepository products,
            OutboxWriter outbox,
            ProductCache cache,
            ProductJson json,
            ImageDeletions imageDeletions) {
        this.imageDeletions = imageDeletions;
        this.products = products;
        this.outbox = outbox;
        this.cache = cache;
        this.json = json;
    }

    /**
     * Locks a product that an admin may change (it exists and is not deleted, active or not).
     *
     * @throws ProductNotFound otherwise
     */
    public Mono<Product> lockExisting(UUID id) {
        return products.lockAll(List.of(id))
                .next()
                .filter(product -> !product.deleted())
                .switchIfEmpty(Mono.error(() -> new ProductNotFound(id)));
    }

    /** Locks the products of {@code ids} that exist (deleted ones too), in id order so lockers never deadlock. */
    public Flux<Product> lockAll(Collection<UUID> ids) {
        return products.lockAll(ids);
    }

    /**
     * A new product at version 1.
     *
     * @throws DuplicateSku when another product has its SKU
     */
    public Mono<Product> create(UUID id, ProductDetails details, int onHand) {
        return products.insert(id, details, onHand)
                .onErrorMap(DataIntegrityViolationException.class, ex -> translate(ex, details.sku()))
                .flatMap(this::published);
    }

    /**
     * Writes {@code after}, which the caller derived from {@code before} under its lock.
     *
     * @throws DuplicateSku when the new SKU belongs to another product
     */
    public Mono<Product> save(Product before, Product after) {
        return products.update(before, after)
                .onErrorMap(DataIntegrityViolationException.class, ex -> translate(ex, after.sku()))
                .flatMap(saved ->
                        saved.version() != before.version() && !saved.deleted() ? published(saved) : Mono.just(saved));
    }

    /**
     * Deletes a locked product: hidden from everyone at once, its SKU free again, its images' objects queued for
     * deletion.
     */
    public Mono<Product> delete(Product before) {
        return products.markDeleted(before)
                .flatMap(deleted -> outbox.append(new ProductDeleted(deleted.id(), deleted.version()))
                        .then(imageDeletions.enqueue(before.images()))
                        .then(refreshAfterCommit(deleted))
                        .thenReturn(deleted));
    }

    private Mono<Product> published(Product product) {
        var event = new ProductUpserted(
                product.id(),
                product.sku(),
                product.name(),
                product.price(),
                product.available(),
                product.visible(),
                product.version(),
                product.images().isEmpty() ? null : product.images().getFirst().thumbnailUrl());
        return outbox.append(event).then(refreshAfterCommit(product)).thenReturn(product);
    }

    // after the commit, not before: a reader between an early refresh and the commit would cache the old row
    private Mono<Void> refreshAfterCommit(Product product) {
        var entry = CachedProduct.of(product, json);
        return TransactionSynchronizationManager.forCurrentTransaction()
                .doOnNext(synchronization -> synchronization.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public Mono<Void> afterCommit() {
                        return cache.putIfNewer(product.id(), entry);
                    }
                }))
                .then();
    }

    private static RuntimeException translate(DataIntegrityViolationException ex, String sku) {
        String message = String.valueOf(ex.getMessage());
        if (message.contains("product_sku_unique")) {
            return new DuplicateSku(sku);
        }
        return ex;
    }
}
