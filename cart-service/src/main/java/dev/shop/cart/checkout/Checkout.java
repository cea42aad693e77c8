package dev.shop.cart.checkout;

import dev.shop.cart.CartProperties;
import dev.shop.cart.Customer;
import dev.shop.cart.cart.Cart;
import dev.shop.cart.cart.CartLine;
import dev.shop.cart.cart.Carts;
import dev.shop.cart.checkout.CheckoutProblems.EmptyCart;
import dev.shop.cart.checkout.CheckoutProblems.IdempotencyKeyInUse;
import dev.shop.cart.checkout.CheckoutProblems.IdempotencyKeyMismatch;
import dev.shop.cart.checkout.CheckoutProblems.PriceChanged;
import dev.shop.cart.checkout.CheckoutProblems.UnavailableProducts;
import dev.shop.cart.order.Order;
import dev.shop.cart.order.OrderLine;
import dev.shop.cart.order.OrderResponse;
import dev.shop.cart.order.Orders;
import dev.shop.cart.product.CatalogProduct;
import dev.shop.common.events.Money;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a customer's cart into an order, once per {@code Idempotency-Key}. First, while the saga lags, the checkout
 * is refused before anything is read ({@link CheckoutAdmission}: 503 {@code service-unavailable} with
 * {@code Retry-After}). Then everything happens in one transaction:
 *
 * <ol>
 *   <li>the key's advisory lock, without waiting: held by another transaction → 409 {@code idempotency-key-in-use};
 *   <li>the key's record (before anything about the cart, since a retry finds the cart already empty): the same
 *       request again → the first response, byte for byte; other values → 422 {@code idempotency-key-mismatch};
 *   <li>the cart row, locked: a concurrent checkout or change of the same cart waits, then finds the cart as this
 *       transaction left it; empty → 422 {@code empty-cart}; unavailable products → 409 {@code conflict};
 *       {@code expectedTotal} differs → 409 {@code price-changed};
 *   <li>the customer's limits ({@link CheckoutLimits}): too many orders in the last minute or declined payments in
 *       the last hour → 429 {@code rate-limited} with {@code Retry-After}; too many open orders → 409
 *       {@code too-many-open-orders};
 *   <li>the order ({@code PENDING}, prices of now), the emptied cart, {@code OrderPlaced} in the outbox and the key's
 *       record, committed together.
 * </ol>
 *
 * A refused checkout records nothing, so the key can be used again once the cause is fixed.
 */
@Service
public class Checkout {

    private final IdempotencyKeys keys;
    private final Carts carts;
    private final Orders orders;
    private final TransactionalOperator transactions;
    private final JsonMapper json;
    private final Duration keyRetention;
    private final CheckoutLimits limits;
    private final CheckoutAdmission admission;

    Checkout(
            IdempotencyKeys keys,
            Carts carts,
            Orders orders,
            TransactionalOperator transactions,
            JsonMapper json,
            CartProperties properties,
            CheckoutLimits limits,
            CheckoutAdmission admission) {
        this.limits = limits;
        this.admission = admission;
        this.keys = keys;
        this.json = json;
        this.carts = carts;
        this.orders = orders;
        this.transactions = transactions;
        this.keyRetention = properties.checkout().keyRetention();
    }

    public Mono<CheckoutResult> checkout(Customer customer, IdempotencyKey key, CheckoutCommand command) {
        return admission.admit().then(inTransaction(customer, key, command));
    }

    private Mono<CheckoutResult> inTransaction(Customer customer, IdempotencyKey key, CheckoutCommand command) {
        return Mono.defer(() -> {
                    Instant now = orders.now();
                    Instant cutoff = now.minus(keyRetention);
                    String fingerprint = command.fingerprint();
                    return keys.tryLock(customer.id(), key)
                            .flatMap(locked -> locked ? Mono.empty() : Mono.error(new IdempotencyKeyInUse()))
                            .then(keys.find(customer.id(), key, cutoff))
                            .flatMap(stored -> replay(fingerprint, stored))
                            .switchIfEmpty(
                                    Mono.defer(() -> placeOrder(customer, key, command, fingerprint, now, cutoff)));
                })
                .as(transactions::transactional);
    }

    private static Mono<CheckoutResult> replay(String fingerprint, IdempotencyKeys.Stored stored) {
        if (!stored.fingerprint().equals(fingerprint)) {
            return Mono.error(new IdempotencyKeyMismatch());
        }
        return Mono.just(new CheckoutResult(stored.orderId(), stored.response(), true));
    }

    private Mono<CheckoutResult> placeOrder(
            Customer customer,
            IdempotencyKey key,
            CheckoutCommand command,
            String fingerprint,
            Instant now,
            Instant cutoff) {
        return carts.lockForCheckout(customer.id())
                .flatMap(cart -> {
                    check(cart, command.expectedTotal());
                    return limits.check(customer.id(), now).thenReturn(cart);
                })
                .flatMap(cart -> {
                    Order order = Order.place(
                            UUID.randomUUID(),
                            customer.id(),
                            customer.email(),
                            customer.locale(),
                            cart.lines().stream().map(Checkout::orderLine).toList(),
                            command.shippingAddress(),
                            command.paymentMethod(),
                            now);
                    // the response is stored with the key: a repeat of this request gets these bytes, whatever the saga
                    // does
                    var stored = new IdempotencyKeys.Stored(
                            fingerprint, order.id(), json.writeValueAsString(OrderResponse.of(order)));
                    return orders.place(order)
                            .then(carts.emptyAfterCheckout(customer.id()))
                            .then(keys.record(customer.id(), key, stored, now, cutoff))
                            .thenReturn(new CheckoutResult(order.id(), stored.response(), false));
                });
    }

    private static void check(Cart cart, @Nullable Money expectedTotal) {
        if (cart.isEmpty()) {
            throw new EmptyCart();
        }
        List<UUID> unavailable = cart.unavailableProducts();
        if (!unavailable.isEmpty()) {
            throw new UnavailableProducts(unavailable);
        }
        if (expectedTotal != null && !expectedTotal.equals(cart.total())) {
            throw new PriceChanged(expectedTotal, cart.total());
        }
    }

    private static OrderLine orderLine(CartLine line) {
        CatalogProduct product = Objects.requireNonNull(line.product(), "an available line has its product");
        return new OrderLine(
                line.productId(),
                Objects.requireNonNull(product.sku()),
                Objects.requireNonNull(product.name()),
                line.quantity(),
                Objects.requireNonNull(product.price()));
    }
}
