package dev.shop.cart.order.web;

import dev.shop.cart.CartProperties;
import dev.shop.cart.Customer;
import dev.shop.cart.order.OrderEvents;
import dev.shop.cart.order.OrderPage;
import dev.shop.cart.order.OrderResponse;
import dev.shop.cart.order.Orders;
import dev.shop.cart.order.StateChange;
import dev.shop.common.apidocs.Problems;
import dev.shop.common.problem.ProblemType;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Duration;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The customer's own orders; someone else's order is answered as if it did not exist (404). */
@RestController
@Problems(ProblemType.FORBIDDEN) // every operation needs the customer role
@RequestMapping(path = "/api/orders", produces = MediaType.APPLICATION_JSON_VALUE)
class OrderController {

    /** The id of a stream's event is the number of the order's history entry it carries. */
    static final String LAST_EVENT_ID = "Last-Event-ID";

    private final Orders orders;
    private final OrderEvents orderEvents;
    private final Duration heartbeat;

    OrderController(Orders orders, OrderEvents orderEvents, CartProperties properties) {
        this.orders = orders;
        this.orderEvents = orderEvents;
        this.heartbeat = properties.orderStreams().heartbeat();
    }

    @GetMapping
    @Operation(summary = "Your orders, newest first, paged", security = @SecurityRequirement(name = "bearer"))
    Mono<OrderPage> list(
            @AuthenticationPrincipal Jwt token,
            @RequestParam(defaultValue = "0") @PositiveOrZero int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        return orders.page(Customer.of(token).id(), page, size);
    }

    @GetMapping("/{id}")
    @Operation(
            summary = "One of your orders with its lines, address and history",
            security = @SecurityRequirement(name = "bearer"))
    @Problems(ProblemType.NOT_FOUND)
    Mono<OrderResponse> order(@AuthenticationPrincipal Jwt token, @PathVariable UUID id) {
        return orders.owned(id, Customer.of(token).id()).map(OrderResponse::of);
    }

    @GetMapping(path = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(
            summary = "Your order's state changes as they happen, as Server-Sent Events",
            description = "One event `state` per entry of the order's history (the same entries as `history`), its id"
                    + " the entry's number from 1: first those after `Last-Event-ID` (all without it), then each new"
                    + " one as the saga moves the order. The stream ends after the first final state (CONFIRMED,"
                    + " REFUNDED or CANCELLED); a stream of an order that already ended sends its history and ends."
                    + " A comment line is sent when the stream has been silent for a while (15 s). A client that"
                    + " loses the stream opens it again with the last id it saw as `Last-Event-ID`. A customer may"
                    + " have 5 streams open; another one is refused with 429 and `Retry-After`.",
            security = @SecurityRequirement(name = "bearer"),
            responses =
                    @ApiResponse(
                            responseCode = "200",
                            description = "The stream: events `state` whose data is a history entry",
                            content =
                                    @Content(
                                            mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
                                            schema = @Schema(implementation = StateChange.class),
                                            examples =
                                                    @ExampleObject(
                                                            value = "id: 3\nevent: state\ndata: {\"status\":"
                                                                    + "\"CONFIRMED\",\"reason\":null,\"at\":"
                                                                    + "\"2026-12-05T10:15:30.123456Z\"}\n\n"))))
    @Problems(ProblemType.NOT_FOUND)
    Flux<ServerSentEvent<StateChange>> events(
            @AuthenticationPrincipal Jwt token,
            @PathVariable UUID id,
            @Parameter(description = "The id of the last event the client received; the stream goes on after it")
                    @RequestHeader(name = LAST_EVENT_ID, defaultValue = "0")
                    @PositiveOrZero
                    int lastEventId) {
        Flux<ServerSentEvent<StateChange>> events = orderEvents
                .follow(id, Customer.of(token).id(), lastEventId)
                .map(event -> ServerSentEvent.builder(event.change())
                        .id(Integer.toString(event.seq()))
                        .event("state")
                        .build());
        // heartbeats for as long as the events go on, and not before the first read refused or began the stream
        return events.publish(shared -> Flux.merge(
                shared,
                Flux.interval(heartbeat, heartbeat)
                        .map(tick -> ServerSentEvent.<StateChange>builder()
                                .comment("heartbeat")
                                .build())
                        .takeUntilOther(shared.then())));
    }

    @PostMapping("/{id}/cancel")
    @Operation(
            summary = "Cancel one of your orders before its payment has succeeded",
            security = @SecurityRequirement(name = "bearer"))
    @Problems({ProblemType.NOT_FOUND, ProblemType.ORDER_NOT_CANCELLABLE})
    Mono<OrderResponse> cancel(@AuthenticationPrincipal Jwt token, @PathVariable UUID id) {
        return orders.cancel(id, Customer.of(token).id()).map(OrderResponse::of);
    }
}
