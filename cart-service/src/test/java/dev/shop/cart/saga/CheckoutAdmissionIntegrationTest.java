package dev.shop.cart.saga;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shop.localstack.test.LocalStackTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;

/**
 * Checkout admission as it runs in production: a checkout is refused (503 {@code service-unavailable} with
 * {@code Retry-After}, nothing written) while the oldest recent order has waited longer than a second for its stock
 * reservation. Orders here wait as long as the test wants: no catalog-service answers them. This context has a
 * database and a consumer group of its own, so that no other test's orders count.
 */
@LocalStackTest(database = "cart_admission")
@TestPropertySource(
        properties = {
            "cart.checkout.admission.max-saga-lag=1s",
            "cart.checkout.admission.window=5s",
            // every checkout reads the lag afresh, so that it sees the order the test has just backdated
            "cart.checkout.admission.refresh-interval=1ms",
            "shop.events.group=cart-admission-test"
        })
class CheckoutAdmissionIntegrationTest extends SagaTestSupport {

    @Autowired
    MeterRegistry meters;

    @BeforeEach
    void noEarlierOrderCounts() {
        // the orders earlier tests left PENDING, moved out of the window
        database.sql("update customer_order set placed_at = placed_at - interval '1 hour' where status = 'PENDING'")
                .then()
                .block();
    }

    @Test
    void refusesCheckoutsFastWith503WhileTheSagaLagsAndTakesThemAgainOnceItCaughtUp() {
        var waiting = placeOrder();
        var shopper = newShopper();
        var lamp = announce(product("Lamp", 1250));
        putItem(shopper, lamp.productId(), 1);
        backdate(waiting, 2);
        double refusedBefore = refused();

        checkout(shopper, "k-" + UUID.randomUUID(), checkoutBody(null))
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader()
                .value(
                        "Retry-After",
                        retryAfter -> assertThat(Integer.parseInt(retryAfter)).isBetween(1, 5))
                .expectBody()
                .consumeWith(problem(503, "service-unavailable", CHECKOUT));

        assertThat(ordersOf(shopper)).as("nothing ordered").isZero();
        assertThat(cart(shopper).path("lines")).as("the cart as it was").hasSize(1);
        assertThat(refused() - refusedBefore).isEqualTo(1);
        assertThat(meters.get("shop.checkout.saga.lag").gauge().value()).isGreaterThanOrEqualTo(2);

        // the reservation answers: nothing waits any more
        deliver(stockReserved(waiting));
        checkout(shopper, "k-" + UUID.randomUUID(), checkoutBody(null))
                .expectStatus()
                .isAccepted();
    }

    @Test
    void letsAnOrderStuckPastTheWindowHoldNoCheckoutBack() {
        var stuck = placeOrder();
        var shopper = newShopper();
        var lamp = announce(product("Lamp", 1250));
        putItem(shopper, lamp.productId(), 1);
        // still PENDING, placed before the window of 5 s: its event was lost to a dead letter, say
        backdate(stuck, 6);

        checkout(shopper, "k-" + UUID.randomUUID(), checkoutBody(null))
                .expectStatus()
                .isAccepted();
    }

    private void backdate(Placed order, int seconds) {
        database.sql("update customer_order set placed_at = now() - make_interval(secs => :seconds) where id = :id")
                .bind("seconds", seconds)
                .bind("id", order.id())
                .then()
                .block();
    }

    private double refused() {
        var counter =
                meters.find("shop.checkout.refused").tag("limit", "saga-lag").counter();
        return counter == null ? 0 : counter.count();
    }
}
