package dev.shop.catalog.product;

import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The public reads: a product by id through the cache, and the search (always from PostgreSQL). */
@Service
public class ProductQueries {

    private final ProductRepository products;
    private final ProductCache cache;
    private final ProductJson json;

    ProductQueries(ProductRepository products, ProductCache cache, ProductJson json) {
        this.products = products;
        this.cache = cache;
        this.json = json;
    }

    /**
     * The product's JSON and version, from the cache or else from PostgreSQL (then cached).
     *
     * @throws ProductNotFound when no visible product has this id
     */
    public Mono<CachedProduct> visibleProduct(UUID id) {
        return cache.get(id)
                .switchIfEmpty(Mono.defer(() -> products.findById(id).flatMap(product -> {
                    var entry = CachedProduct.of(product, json);
                    return cache.putIfNewer(id, entry).thenReturn(entry);
                })))
                .filter(CachedProduct::visible)
                .switchIfEmpty(Mono.error(() -> new ProductNotFound(id)));
    }

    /**
     * A product an admin may change: it exists and is not deleted (active or not). Not locked: for a check before work
     * that precedes the transaction.
     *
     * @throws ProductNotFound otherwise
     */
    public Mono<Product> existing(UUID id) {
        return products.findById(id)
                .filter(product -> !product.deleted())
                .switchIfEmpty(Mono.error(() -> new ProductNotFound(id)));
    }

    /** Those of {@code keys} that a product's image refers to (as its image or its thumbnail). */
    public Flux<String> referencedImageObjects(Collection<String> keys) {
        return products.referenced(keys);
    }

    public Mono<ProductPage> search(SearchCriteria criteria) {
        return products.count(criteria)
                .flatMap(total -> total <= criteria.offset()
                        ? Mono.just(ProductPage.of(List.of(), criteria, total))
                        : products.search(criteria).collectList().map(page -> ProductPage.of(page, criteria, total)));
    }
}
