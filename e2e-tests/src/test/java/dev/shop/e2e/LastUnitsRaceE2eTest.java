package dev.shop.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The saga across services: stock is reserved all or none, and never below zero, however many customers race. */
class LastUnitsRaceE2eTest {

    @Test
    void twentyCustomersRaceForTheLastFiveUnitsAndExactlyFiveAreSold() throws Exception {
        var productId = Shopping.newProduct("E2E last-five lantern", 4200, 5);
        List<ShopClient> customers = IntStream.range(0, 20)
                .mapToObj(i -> ShopClient.newCustomer("racer" + i).client())
                .toList();
        customers.forEach(customer -> Shopping.addToCart(customer, productId, 1));

        var start = new CountDownLatch(1);
        List<CompletableFuture<String>> checkouts = new ArrayList<>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (var customer : customers) {
                checkouts.add(CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                start.await();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            var placed = Shopping.checkout(customer, "pm_card_visa");
                            assertThat(placed.status()).as(placed.text()).isEqualTo(202);
                            return placed.json().path("id").asString();
                        },
                        threads));
            }
            start.countDown();
        }

        List<JsonNode> orders = new ArrayList<>();
        for (int i = 0; i < customers.size(); i++) {
            orders.add(Shopping.awaitFinal(customers.get(i), checkouts.get(i).join()));
        }
        assertThat(orders)
                .filteredOn(order -> order.path("status").asString().equals("CONFIRMED"))
                .hasSize(5);
        assertThat(orders)
                .filteredOn(order -> !order.path("status").asString().equals("CONFIRMED"))
                .hasSize(15)
                .allSatisfy(order -> {
                    assertThat(order.path("status").asString()).isEqualTo("CANCELLED");
                    assertThat(order.path("cancellationReason").asString()).isEqualTo("OUT_OF_STOCK");
                });
        assertThat(Shopping.availableStock(productId)).isZero();
    }
}
