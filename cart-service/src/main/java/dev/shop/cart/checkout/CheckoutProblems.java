package dev.shop.cart.checkout;

import dev.shop.common.events.Money;
import dev.shop.common.problem.ProblemType;
import dev.shop.common.problem.ShopException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpHeaders;

/** Why a checkout was refused; each leaves the cart, the orders and the key as they were. */
final class CheckoutProblems {

    private CheckoutProblems() {}

    private static HttpHeaders retryAfter(long seconds) {
        var headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        return headers;
    }

    /** Another request with this key is being processed right now. */
    static final class IdempotencyKeyInUse extends ShopException {
        IdempotencyKeyInUse() {
            super(
                    ProblemType.IDEMPOTENCY_KEY_IN_USE,
                    "A checkout with this Idempotency-Key is still in progress; retry after it has finished.");
        }

        @Override
        public HttpHeaders headers() {
            var headers = new HttpHeaders();
            headers.set(HttpHeaders.RETRY_AFTER, "1");
            return headers;
        }
    }

    /** The key was used for a checkout with other values. */
    static final class IdempotencyKeyMismatch extends ShopException {
        IdempotencyKeyMismatch() {
            super(
                    ProblemType.IDEMPOTENCY_KEY_MISMATCH,
                    "This Idempotency-Key was already used for a checkout with other values; use a new key for a "
                            + "new checkout.");
        }
    }

    /** Nothing to order. */
    static final class EmptyCart extends ShopException {
        EmptyCart() {
            super(ProblemType.EMPTY_CART, "Your cart is empty.");
        }
    }

    /** The cart's total is not the one the customer agreed to. */
    static final class PriceChanged extends ShopException {
        private final Money expectedTotal;
        private final Money currentTotal;

        PriceChanged(Money expectedTotal, Money currentTotal) {
            super(
                    ProblemType.PRICE_CHANGED,
                    "The cart's total is now " + currentTotal.amount() + " " + currentTotal.currency()
                            + ", not the expected " + expectedTotal.amount() + " " + expectedTotal.currency()
                            + "; review the cart and check out again.");
            this.expectedTotal = expectedTotal;
            this.currentTotal = currentTotal;
        }

        @Override
        public Map<String, Object> properties() {
            return Map.of("expectedTotal", expectedTotal, "currentTotal", currentTotal);
        }
    }

    /** The cart holds products that can no longer be bought. */
    static final class UnavailableProducts extends ShopException {
        private final List<UUID> products;

        UnavailableProducts(List<UUID> products) {
            super(
                    ProblemType.CONFLICT,
                    "Your cart holds products that are no longer available; remove them and check out again.");
            this.products = List.copyOf(products);
        }

        @Override
        public Map<String, Object> properties() {
            return Map.of("unavailableProducts", products);
        }
    }

    /** The customer checked out or was declined too often lately: 429 with when to try again. */
    static final class CheckoutLimitReached extends ShopException {
        private final long retryAfterSeconds;

        CheckoutLimitReached(String detail, long retryAfterSeconds) {
            super(ProblemType.RATE_LIMITED, detail);
            this.retryAfterSeconds = retryAfterSeconds;
        }

        @Override
        public HttpHeaders headers() {
            return retryAfter(retryAfterSeconds);
        }
    }

    /** The customer has as many orders still open as they may. */
    static final class TooManyOpenOrders extends ShopException {
        TooManyOpenOrders(int limit) {
            super(
                    ProblemType.TOO_MANY_OPEN_ORDERS,
                    "You have " + limit + " orders still waiting for stock or payment; check out again once one of"
                            + " them is confirmed or cancelled.");
        }
    }

    /** The saga lags behind: the shop takes no more orders for now (503 with when to come back). */
    static final class SagaBehind extends ShopException {
        private final long retryAfterSeconds;

        SagaBehind(long retryAfterSeconds) {
            super(
                    ProblemType.SERVICE_UNAVAILABLE,
                    "The shop is taking more orders than it can settle right now; nothing was ordered. Check out "
                            + "again in a moment.");
            this.retryAfterSeconds = retryAfterSeconds;
        }

        @Override
        public HttpHeaders headers() {
            return retryAfter(retryAfterSeconds);
        }

        /** Shedding load is what it is for: no error to log, once per refused checkout. */
        @Override
        public boolean serverFault() {
            return false;
        }
    }
}
