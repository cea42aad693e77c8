package dev.shop.cart.saga;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shop.common.events.payment.PaymentFailureReason;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * One customer may not check out without bounds (OWASP API6, card testing): limits on orders per minute, declined
 * payments per hour and open orders (the defaults: 10, 5, 5). A refused checkout writes nothing and leaves the cart.
 */
class CheckoutLimitsIntegrationTest extends SagaTestSupport {

    @Test
    void refusesASixthOpenOrderWith409AndKeepsTheCart() {
        var shopper = newShopper();
        for (int i = 0; i < 5; i++) {
            placeOrder(shopper); // PENDING: nobody reserves its stock here
        }
        var lamp = announce(product("Lamp", 1250));
        putItem(shopper, lamp.productId(), 1);

        checkout(shopper, "k-" + UUID.randomUUID(), checkoutBody(null))
                .expectBody()
                .consumeWith(problem(409, "too-many-open-orders", CHECKOUT));

        assertThat(ordersOf(shopper)).isEqualTo(5);
        assertThat(cart(shopper).path("lines")).hasSize(1);
        // once one of them is settled, the customer checks out again
        var settled = new Placed(latestOrder(shopper), 0, shopper);
        deliver(stockRejected(settled));
        checkout(shopper, "k-" + UUID.randomUUID(), checkoutBody(null))
                .expectStatus()
                .isAccepted();
    }

    @Test
    void refusesTheEleventhOrderOfAMinuteWith429AndRetryAfter() {
        var shopper = newShopper();
        for (int i = 0; i < 10; i++) {
            // each settled at once (out of stock), so that the open-order limit stays out of the way
            deliver(stockRejected(placeOrder(shopper)));
        }
        var lamp = announce(product("Lamp", 1250));
        putItem(shopper, lamp.productId(), 1);
        // all ten placed half a minute ago, however long this test took to place them
        database.sql("update customer_order set placed_at = now() - interval '30 seconds' where customer_id = :id")
                .bind("id", shopper.id())
                .then()
                .block();

        checkout(shopper, "k-" + UUID.randomUUID(), checkoutBody(null))
                .expectHeader()
                .value(
                        "Retry-After",
                        retryAfter -> assertThat(Integer.parseInt(retryAfter)).isBetween(1, 31))
                .expectBody()
                .consumeWith(problem(429, "rate-limited", CHECKOUT));

        assertThat(ordersOf(shopper)).isEqualTo(10);
        assertThat(cart(shopper).path("lines")).hasSize(1);
    }

    @Test
    void refusesCheckoutsForAnHourAfterFiveDeclinedPayments() {
        var shopper = newShopper();
        for (int i = 0; i < 5; i++) {
            var order = placeOrder(shopper);
            deliver(stockReserved(order));
            deliver(paymentFailed(order, PaymentFailureReason.PAYMENT_DECLINED));
        }
        var lamp = announce(product("Lamp", 1250));
        putItem(shopper, lamp.productId(), 1);

        checkout(shopper, "k-" + UUID.randomUUID(), checkoutBody(null))
                .expectHeader()
                .value(
                        "Retry-After",
                        retryAfter -> assertThat(Integer.parseInt(retryAfter)).isBetween(3000, 3600))
                .expectBody()
                .consumeWith(problem(429, "rate-limited", CHECKOUT));
        assertThat(ordersOf(shopper)).isEqualTo(5);

        // failures that are not the card's do not count: another customer with five failed payments checks out
        var unlucky = newShopper();
        for (int i = 0; i < 5; i++) {
            var order = placeOrder(unlucky);
            deliver(stockReserved(order));
            deliver(paymentFailed(order, PaymentFailureReason.PAYMENT_FAILED));
        }
        putItem(unlucky, lamp.productId(), 1);
        checkout(unlucky, "k-" + UUID.randomUUID(), checkoutBody(null))
                .expectStatus()
                .isAccepted();
    }

    private UUID latestOrder(Shopper shopper) {
        return database.sql("select id from customer_order where customer_id = :id order by placed_at desc limit 1")
                .bind("id", shopper.id())
                .map(row -> row.get("id", UUID.class))
                .one()
                .block();
    }
}
