package dev.shop.cart.order.web;

import dev.shop.cart.Customer;
import dev.shop.cart.order.OrderPage;
import dev.shop.cart.order.OrderResponse;
import dev.shop.cart.order.Orders;
import dev.shop.common.apidocs.Problems;
import dev.shop.common.problem.ProblemType;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.PositiveOrZero;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The customer's own orders; someone else's order is answered as if it did not exist (404). */
@RestController
@Problems(ProblemType.FORBIDDEN) // every operation needs the customer role
@RequestMapping(path = "/api/orders", produces = MediaType.APPLICATION_JSON_VALUE)
class OrderController {

    private final Orders orders;

    OrderController(Orders orders) {
        this.orders = orders;
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

    @PostMapping("/{id}/cancel")
    @Operation(
            summary = "Cancel one of your orders before its payment has succeeded",
            security = @SecurityRequirement(name = "bearer"))
    @Problems({ProblemType.NOT_FOUND, ProblemType.ORDER_NOT_CANCELLABLE})
    Mono<OrderResponse> cancel(@AuthenticationPrincipal Jwt token, @PathVariable UUID id) {
        return orders.cancel(id, Customer.of(token).id()).map(OrderResponse::of);
    }
}
