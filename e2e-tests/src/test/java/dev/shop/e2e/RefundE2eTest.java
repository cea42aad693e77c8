package dev.shop.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** An admin refunds a paid order: the provider returns the money, the order ends REFUNDED, its owner sees it. */
class RefundE2eTest {

    @Test
    void anAdminRefundsAConfirmedOrderAndItEndsRefunded() {
        var productId = Shopping.newProduct("E2E refunded toaster", 5900, 3);
        var customer = ShopClient.newCustomer("refunded").client();
        Shopping.addToCart(customer, productId, 1);
        var orderId =
                Shopping.checkout(customer, "pm_card_visa").json().path("id").asString();
        assertThat(Shopping.awaitFinal(customer, orderId).path("status").asString())
                .isEqualTo("CONFIRMED");
        var payments = customer.get("/api/payments?orderId=" + orderId);
        assertThat(payments.status()).as(payments.text()).isEqualTo(200);
        var payment = payments.json().path("items").get(0);
        assertThat(payment.path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(payment.path("amount").path("amount").asLong()).isEqualTo(5900);
        var paymentId = payment.path("id").asString();

        var byCustomer = customer.post("/api/payments/" + paymentId + "/refund", null, null);
        assertThat(byCustomer.status()).isEqualTo(403);
        var refund = ShopClient.admin().post("/api/payments/" + paymentId + "/refund", null, null);
        assertThat(refund.status()).as(refund.text()).isIn(200, 202);

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(customer.get("/api/orders/" + orderId)
                                .json()
                                .path("status")
                                .asString())
                        .isEqualTo("REFUNDED"));
        assertThat(customer.get("/api/payments?orderId=" + orderId)
                        .json()
                        .path("items")
                        .get(0)
                        .path("status")
                        .asString())
                .isEqualTo("REFUNDED");
        assertThat(ShopUnderTest.get().stack().simulator().charges(UUID.fromString(orderId)))
                .as("one charge, refunded in full")
                .singleElement()
                .satisfies(charge -> {
                    assertThat(charge.succeeded()).isTrue();
                    assertThat(charge.amount()).isEqualTo(5900);
                    assertThat(charge.amountRefunded()).isEqualTo(5900);
                });
        var other = ShopClient.newCustomer("nosy").client();
        assertThat(other.get("/api/payments?orderId=" + orderId).status()).isEqualTo(404);
    }
}
