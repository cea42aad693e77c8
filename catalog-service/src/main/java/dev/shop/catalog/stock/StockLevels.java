package dev.shop.catalog.stock;

import dev.shop.catalog.product.Product;
import dev.shop.catalog.product.ProductChanges;
import dev.shop.catalog.product.VersionPrecondition;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/** The admin's count of the warehouse. */
@Service
public class StockLevels {

    private final ProductChanges changes;
    private final TransactionalOperator transactions;

    StockLevels(ProductChanges changes, TransactionalOperator transactions) {
        this.changes = changes;
        this.transactions = transactions;
    }

    /**
     * Sets the units on hand; the available stock becomes {@code onHand} minus what is reserved.
     *
     * @throws dev.shop.catalog.product.StockBelowReserved when {@code onHand} is below the reserved units
     */
    public Mono<Product> setOnHand(UUID id, int onHand, VersionPrecondition precondition) {
        return changes.lockExisting(id)
                .flatMap(product -> {
                    precondition.check(id, product.version());
                    return changes.save(product, product.restock(onHand));
                })
                .as(transactions::transactional);
    }
}
