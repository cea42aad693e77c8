package dev.shop.cart.saga;

import static dev.shop.common.problem.ProblemAssertions.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.shop.cart.order.OrderEvents;
import dev.shop.common.events.payment.PaymentFailureReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.FluxExchangeResult;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/orders/{id}/events}: an order's state changes pushed as they happen, ending at a final state,
 * resumable, only the owner's, a few per customer. The tests' heartbeat is short and the safety poll off (see
 * {@code IntegrationTestSupport}): every change below arrives because the database said so.
 */
class OrderEventsIntegrationTest extends SagaTestSupport {

    private static final ParameterizedTypeReference<ServerSentEvent<JsonNode>> EVENT =
            new ParameterizedTypeReference<>() {};
    private static final Duration BOUND = Duration.ofSeconds(30);

    @Autowired
    OrderEvents orderEvents;

    @Test
    void pushesEachStateChangeAsTheSagaMovesTheOrderAndEndsWhenItIsConfirmed() {
        var order = placeOrder();

        StepVerifier.create(states(stream(order, null)))
                .expectNext("1 PENDING")
                .then(() -> deliver(stockReserved(order)))
                .expectNext("2 AWAITING_PAYMENT")
                .then(() -> deliver(paymentSucceeded(order)))
                .expectNext("3 CONFIRMED")
                .expectComplete()
                .verify(BOUND);
    }

    @Test
    void aCancelledOrderEndsItsStreamWithTheReason() {
        var order = placeOrder();

        StepVerifier.create(states(stream(order, null)))
                .expectNext("1 PENDING")
                .then(() -> deliver(stockReserved(order)))
                .expectNext("2 AWAITING_PAYMENT")
                .then(() -> deliver(paymentFailed(order, PaymentFailureReason.PAYMENT_DECLINED)))
                .expectNext("3 CANCELLED/PAYMENT_DECLINED")
                .expectComplete()
                .verify(BOUND);
    }

    @Test
    void resumesAfterTheLastEventIdAndAnEndedOrderSendsItsHistoryAndEnds() {
        var order = placeOrder();
        deliver(stockRejected(order));
        assertThat(history(order)).containsExactly("PENDING", "CANCELLED/OUT_OF_STOCK");

        assertThat(states(stream(order, null)).collectList().block(BOUND))
                .containsExactly("1 PENDING", "2 CANCELLED/OUT_OF_STOCK");
        assertThat(states(stream(order, "1")).collectList().block(BOUND)).containsExactly("2 CANCELLED/OUT_OF_STOCK");
        assertThat(states(stream(order, "2")).collectList().block(BOUND))
                .as("the client saw the end already")
                .isEmpty();
        assertThat(states(stream(order, "7")).collectList().block(BOUND))
                .as("an id past the end is the end")
                .isEmpty();
    }

    @Test
    void sendsHeartbeatsWhileTheOrderWaitsAndEachEventCarriesItsTime() {
        var order = placeOrder();
        var placedAt = order(order).path("history").path(0).path("at").asString();

        StepVerifier.create(stream(order, null).getResponseBody())
                .assertNext(event -> {
                    assertThat(event.id()).isEqualTo("1");
                    assertThat(event.event()).isEqualTo("state");
                    assertThat(event.data()).isNotNull();
                    assertThat(event.data().path("status").asString()).isEqualTo("PENDING");
                    assertThat(event.data().path("at").asString()).isEqualTo(placedAt);
                })
                .assertNext(heartbeat -> {
                    assertThat(heartbeat.comment()).isEqualTo("heartbeat");
                    assertThat(heartbeat.data()).isNull();
                })
                .thenCancel()
                .verify(BOUND);
    }

    @Test
    void anotherCustomersOrderIsNotFoundAndABadLastEventIdIsRefused() {
        var order = placeOrder();
        String path = ORDERS + "/" + order.id() + "/events";

        as(newShopper())
                .get()
                .uri(path)
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectBody()
                .consumeWith(problem(404, "not-found", path));
        for (String bad : new String[] {"-1", "x", "1.5"}) {
            as(order.shopper())
                    .get()
                    .uri(path)
                    .accept(MediaType.TEXT_EVENT_STREAM)
                    .header("Last-Event-ID", bad)
                    .exchange()
                    .expectBody()
                    .consumeWith(validationOf(path, "Last-Event-ID"));
        }
        as(order.shopper())
                .get()
                .uri(path)
                .header(
                        "Authorization",
                        "Bearer "
                                + JWTS.token(
                                        order.shopper().id(), order.shopper().email()))
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectBody()
                .consumeWith(problem(403, "forbidden", path));
    }

    @Test
    void aCustomerMayHaveFiveStreamsOpenAndGetsOneAgainWhenOneCloses() {
        var shopper = newShopper();
        var order = placeOrder(shopper);
        List<Disposable> open = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                var events = stream(order, null).getResponseBody();
                var started = new AtomicBoolean();
                open.add(events.subscribe(event -> started.set(true)));
                await().atMost(BOUND).untilTrue(started); // the server counts it by now
            }

            as(shopper)
                    .get()
                    .uri(ORDERS + "/{id}/events", order.id())
                    .accept(MediaType.TEXT_EVENT_STREAM)
                    .exchange()
                    .expectHeader()
                    .valueEquals("Retry-After", "10")
                    .expectBody()
                    .consumeWith(problem(429, "rate-limited", ORDERS + "/" + order.id() + "/events"));
            assertThat(states(stream(placeOrder(), null)).take(1).collectList().block(BOUND))
                    .as("another customer's stream opens")
                    .containsExactly("1 PENDING");

            open.removeFirst().dispose();
            await().atMost(BOUND).untilAsserted(() -> {
                var again = stream(order, null)
                        .getResponseBody()
                        .take(1)
                        .collectList()
                        .block(BOUND);
                assertThat(again).hasSize(1);
            });
        } finally {
            open.forEach(Disposable::dispose);
        }
    }

    @Test
    void anInstanceShuttingDownEndsItsStreamsAndRefusesNewOnesSoThatClientsResumeElsewhere() {
        var order = placeOrder();
        String path = ORDERS + "/" + order.id() + "/events";
        try {
            StepVerifier.create(states(stream(order, null)))
                    .expectNext("1 PENDING")
                    .then(orderEvents::stop) // what the context does first when the service shuts down
                    .expectComplete()
                    .verify(BOUND);

            as(order.shopper())
                    .get()
                    .uri(path)
                    .accept(MediaType.TEXT_EVENT_STREAM)
                    .exchange()
                    .expectHeader()
                    .valueEquals("Retry-After", "1")
                    .expectBody()
                    .consumeWith(problem(503, "service-unavailable", path));
        } finally {
            orderEvents.start();
        }
        assertThat(states(stream(order, null)).take(1).collectList().block(BOUND))
                .as("started again, the instance streams again")
                .containsExactly("1 PENDING");
    }

    private FluxExchangeResult<ServerSentEvent<JsonNode>> stream(Placed order, String lastEventId) {
        var request = as(order.shopper())
                .get()
                .uri(ORDERS + "/{id}/events", order.id())
                .accept(MediaType.TEXT_EVENT_STREAM);
        if (lastEventId != null) {
            request = request.header("Last-Event-ID", lastEventId);
        }
        var result = request.exchange().expectStatus().isEqualTo(HttpStatus.OK).returnResult(EVENT);
        assertThat(result.getResponseHeaders().getContentType())
                .isNotNull()
                .matches(type -> type.isCompatibleWith(MediaType.TEXT_EVENT_STREAM));
        return result;
    }

    /** The stream's state events as "id STATUS" or "id STATUS/REASON", heartbeats left out. */
    private static Flux<String> states(FluxExchangeResult<ServerSentEvent<JsonNode>> stream) {
        return states(stream.getResponseBody());
    }

    private static Flux<String> states(Flux<ServerSentEvent<JsonNode>> events) {
        return events.filter(event -> event.data() != null).map(event -> {
            JsonNode data = event.data();
            return event.id() + " " + data.path("status").asString()
                    + (data.path("reason").isString()
                            ? "/" + data.path("reason").asString()
                            : "");
        });
    }
}
