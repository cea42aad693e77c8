package dev.shop.catalog.product;

import dev.shop.catalog.category.Categories;
import dev.shop.common.events.ShopCurrency;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * The admin's writes. Each runs in one transaction that locks the product, checks {@code If-Match} against the
 * locked version, writes the row and its event; the response follows the commit and the cache refresh, so the
 * admin's next read sees the write.
 */
@Service
public class ProductAdministration {

    private final ProductChanges changes;
    private final Categories categories;
    private final ShopCurrency currency;
    private final TransactionalOperator transactions;

    ProductAdministration(
            ProductChanges changes, Categories categories, ShopCurrency currency, TransactionalOperator transactions) {
        this.changes = changes;
        this.categories = categories;
        this.currency = currency;
        this.transactions = transactions;
    }

    public Mono<Product> create(ProductDetails details, int onHand) {
        return Mono.defer(() -> {
                    requireShopCurrency(details);
                    return categories
                            .requireExists(details.category())
                            .then(changes.create(UUID.randomUUID(), details, onHand));
                })
                .as(transactions::transactional);
    }

    public Mono<Product> revise(UUID id, ProductDetails details, VersionPrecondition precondition) {
        return Mono.defer(() -> {
                    requireShopCurrency(details);
                    return categories
                            .requireExists(details.category())
                            .then(changes.lockExisting(id))
                            .flatMap(product -> {
                                precondition.check(id, product.version());
                                return changes.save(product, product.revise(details));
                            });
                })
                .as(transactions::transactional);
    }

    public Mono<Void> delete(UUID id, VersionPrecondition precondition) {
        return changes.lockExisting(id)
                .flatMap(product -> {
                    precondition.check(id, product.version());
                    return changes.delete(product);
                })
                .as(transactions::transactional)
                .then();
    }

    private void requireShopCurrency(ProductDetails details) {
        if (!currency.accepts(details.price().currency())) {
            throw new UnsupportedCurrency("price.currency", currency.currency());
        }
    }
}
