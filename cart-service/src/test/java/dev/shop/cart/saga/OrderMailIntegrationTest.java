package dev.shop.cart.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An order mail (here the confirmation) when the SMTP server is down: the order is confirmed regardless, the mail is retried with
 * backoff and marked dead after the last try (3 in the tests), or sent once the server is back in time.
 */
class OrderMailIntegrationTest extends SagaTestSupport {

    @AfterEach
    void smtpBackUp() {
        SMTP.stop();
        SMTP.start();
    }

    @Test
    void aFailingSmtpServerNeitherBlocksNorUndoesTheOrderAndTheMailEndsDead() throws Exception {
        SMTP.stop();
        var order = placeOrder();
        deliver(stockReserved(order));

        deliver(paymentSucceeded(order));

        assertThat(status(order)).isEqualTo("CONFIRMED");
        awaitPublished(order, "OrderConfirmed", 1);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> "DEAD".equals(mail(order).get("status")));
        var mail = mail(order);
        assertThat(mail.get("attempts")).isEqualTo(3);
        assertThat((String) mail.get("last_error")).isNotBlank();
        assertThat(status(order)).as("a dead mail does not undo the order").isEqualTo("CONFIRMED");

        SMTP.start();
        // a dead mail is not sent, though the job runs again (woken by another order's mail)
        var another = placeOrder();
        deliver(stockReserved(another));
        deliver(paymentSucceeded(another));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> SMTP.receivedBy(another.shopper().email()).size() == 1);
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(5))
                .until(() -> SMTP.receivedBy(order.shopper().email()).isEmpty()
                        && "DEAD".equals(mail(order).get("status")));
    }

    @Test
    void aMailThatFailedIsSentWhenTheServerIsBack() {
        SMTP.stop();
        var order = placeOrder();
        deliver(stockReserved(order));
        deliver(paymentSucceeded(order));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> ((Integer) mail(order).get("attempts")) >= 1);
        // the next try far away, as after a few doublings of the backoff, while the server comes back
        database.sql(
                        "update order_mail set next_attempt_at = now() + interval '1 hour' where order_id = :id and kind = 'CONFIRMED'")
                .bind("id", order.id())
                .then()
                .block();
        assertThat(mail(order).get("status")).isEqualTo("PENDING");
        SMTP.start();

        database.sql("update order_mail set next_attempt_at = now() where order_id = :id and kind = 'CONFIRMED'")
                .bind("id", order.id())
                .then()
                .block();

        await().atMost(Duration.ofSeconds(20))
                .until(() -> "SENT".equals(mail(order).get("status")));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> SMTP.receivedBy(order.shopper().email()).size() == 1);
        assertThat(mail(order).get("last_error")).isNull();
        assertThat(status(order)).isEqualTo("CONFIRMED");
    }

    private Map<String, Object> mail(Placed order) {
        return Objects.requireNonNull(database.sql(
                        "select status, attempts, last_error from order_mail where order_id = :id and kind = 'CONFIRMED'")
                .bind("id", order.id())
                .fetch()
                .one()
                .block());
    }
}
