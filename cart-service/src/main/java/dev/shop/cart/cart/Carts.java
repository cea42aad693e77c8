package dev.shop.cart.cart;

import dev.shop.cart.CartProperties;
import dev.shop.cart.product.CatalogProduct;
import dev.shop.cart.product.ProductReadModel;
import dev.shop.cart.product.ProductUnavailable;
import dev.shop.common.events.ShopCurrency;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Customers' carts. Every change locks the cart row first, in its own transaction, so the line limit holds under
 * concurrent requests and a change never interleaves with a checkout of the same cart.
 */
@Service
public class Carts {

    private final CartRepository carts;
    private final ProductReadModel products;
    private final ShopCurrency currency;
    private final TransactionalOperator transactions;
    private final int maxLines;

    Carts(
            CartRepository carts,
            ProductReadModel products,
            ShopCurrency currency,
            TransactionalOperator transactions,
            CartProperties properties) {
        this.carts = carts;
        this.products = products;
        this.currency = currency;
        this.transactions = transactions;
        this.maxLines = properties.maxLines();
    }

    /** The customer's cart; a customer who never added anything has an empty one. */
    public Mono<Cart> cart(String customerId) {
        return load(customerId);
    }

    /**
     * Sets the quantity of a product in the cart: 1..99 adds or changes the line, 0 removes it.
     *
     * @throws ProductUnavailable when adding or changing a line of a product that cannot be bought
     * @throws TooManyLines when a new line would exceed the limit of different products
     */
    public Mono<Cart> setQuantity(String customerId, UUID productId, int quantity) {
        if (quantity == 0) {
            return remove(customerId, productId);
        }
        if (quantity < 0 || quantity > 99) {
            throw new IllegalArgumentException("quantity must be 0..99: " + quantity);
        }
        return carts.createAndLock(customerId)
                .then(products.find(productId))
                .filter(product -> product.purchasable(currency.currency()))
                .switchIfEmpty(Mono.error(() -> new ProductUnavailable(productId)))
                .flatMap(product -> carts.hasLine(customerId, productId))
                .flatMap(present -> present
                        ? Mono.empty()
                        : carts.countLines(customerId)
                                .filter(lines -> lines >= maxLines)
                                .flatMap(lines -> Mono.error(new TooManyLines(maxLines))))
                .then(carts.setQuantity(customerId, productId, quantity))
                .then(load(customerId))
                .as(transactions::transactional);
    }

    /** Removes the product's line, if there is one: whatever the product's state, a customer can take it out. */
    public Mono<Cart> remove(String customerId, UUID productId) {
        return carts.lock(customerId)
                .flatMap(exists -> exists ? carts.removeLine(customerId, productId) : Mono.empty())
                .then(load(customerId))
                .as(transactions::transactional);
    }

    /** Empties the cart. */
    public Mono<Cart> clear(String customerId) {
        return carts.lock(customerId)
                .flatMap(exists -> exists ? carts.clear(customerId) : Mono.empty())
                .then(load(customerId))
                .as(transactions::transactional);
    }

    /**
     * For checkout, inside its transaction: locks the cart (a concurrent checkout or change of it waits for this
     * transaction) and gives it at current prices. Empty when there is no cart or no line.
     */
    public Mono<Cart> lockForCheckout(String customerId) {
        return carts.lock(customerId).flatMap(exists -> exists ? load(customerId) : Mono.just(empty(customerId)));
    }

    /** For checkout, inside its transaction, after {@link #lockForCheckout}: the order took every line. */
    public Mono<Void> emptyAfterCheckout(String customerId) {
        return carts.clear(customerId);
    }

    private Mono<Cart> load(String customerId) {
        return carts.lines(customerId).collectList().flatMap(lines -> {
            if (lines.isEmpty()) {
                return Mono.just(empty(customerId));
            }
            List<UUID> ids =
                    lines.stream().map(CartRepository.StoredLine::productId).toList();
            return products.findAll(ids)
                    .collectMap(CatalogProduct::id, Function.identity())
                    .map(known -> Cart.of(customerId, priced(lines, known), currency.zero()));
        });
    }

    private List<CartLine> priced(List<CartRepository.StoredLine> lines, Map<UUID, CatalogProduct> products) {
        return lines.stream()
                .map(line -> {
                    CatalogProduct product = products.get(line.productId());
                    boolean available = product != null && product.purchasable(currency.currency());
                    return new CartLine(
                            line.productId(),
                            line.quantity(),
                            line.addedAt(),
                            line.addedUnitAmount(),
                            product,
                            available);
                })
                .toList();
    }

    private Cart empty(String customerId) {
        return new Cart(customerId, List.of(), currency.zero());
    }
}
