package dev.shop.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.shop.common.events.EventType;
import dev.shop.common.events.EventTypes;
import dev.shop.common.test.EventLog;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every event the running shop publishes, on all five topics, conforms to the AsyncAPI document
 * ({@code docs/asyncapi}): its CloudEvents headers, {@code traceparent} included, and its data's JSON Schema. The
 * walk below makes the shop publish each of its event types at least once; the check covers every record on the
 * broker, whichever test made it.
 */
class EventContractE2eTest {

    @Test
    void everyEventOnEveryTopicConformsToTheAsyncApiDocument() {
        var admin = ShopClient.admin();
        ShopClient.newCustomer("contract");
        var paid = ShopClient.newCustomer("contract-paid").client();
        var product = Shopping.newProduct("Contract kettle", 2_500, 2);
        Shopping.addToCart(paid, product, 1);
        var confirmed =
                Shopping.checkout(paid, "pm_card_visa").json().path("id").asString();
        assertThat(Shopping.awaitFinal(paid, confirmed).path("status").asString())
                .isEqualTo("CONFIRMED");
        var payment = paid.get("/api/payments?orderId=" + confirmed)
                .json()
                .path("items")
                .get(0)
                .path("id")
                .asString();
        assertThat(admin.post("/api/payments/" + payment + "/refund", null, null)
                        .status())
                .isIn(200, 202);

        var declined = ShopClient.newCustomer("contract-declined").client();
        Shopping.addToCart(declined, product, 1);
        var cancelled = Shopping.checkout(declined, "pm_card_chargeDeclined")
                .json()
                .path("id")
                .asString();
        assertThat(Shopping.awaitFinal(declined, cancelled).path("status").asString())
                .isEqualTo("CANCELLED");

        var greedy = ShopClient.newCustomer("contract-greedy").client();
        Shopping.addToCart(greedy, product, 5);
        var rejected =
                Shopping.checkout(greedy, "pm_card_visa").json().path("id").asString();
        assertThat(Shopping.awaitFinal(greedy, rejected).path("status").asString())
                .isEqualTo("CANCELLED");
        assertThat(admin.delete("/api/catalog/products/" + product).status()).isEqualTo(204);

        var everyType = EventTypes.all().stream().map(EventType::type).collect(Collectors.toSet());
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(typesSeen()).containsAll(everyType));
        var wrong = EventLog.get().all().stream()
                .filter(record -> !record.violations().isEmpty())
                .map(record -> record.type() + " " + record.id() + " on " + record.topic() + ": " + record.violations())
                .toList();
        assertThat(wrong).isEmpty();
    }

    private static Set<String> typesSeen() {
        return EventLog.get().all().stream().map(EventLog.Received::type).collect(Collectors.toSet());
    }
}
