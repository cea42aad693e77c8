package dev.shop.cart.checkout.web;

import dev.shop.cart.Customer;
import dev.shop.cart.checkout.Checkout;
import dev.shop.cart.checkout.CheckoutCommand;
import dev.shop.cart.checkout.IdempotencyKey;
import dev.shop.cart.order.OrderResponse;
import dev.shop.common.apidocs.Problems;
import dev.shop.common.events.Money;
import dev.shop.common.events.ShopCurrency;
import dev.shop.common.problem.ProblemType;
import dev.shop.common.problem.RejectedValue;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.validation.Valid;
import java.net.URI;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Checkout: 202 with the {@code PENDING} order; the saga moves it on, {@code GET /api/orders/{id}} shows where. */
@RestController
@Problems(ProblemType.FORBIDDEN) // every operation needs the customer role
class CheckoutController {

    private final Checkout checkout;
    private final ShopCurrency currency;

    CheckoutController(Checkout checkout, ShopCurrency currency) {
        this.checkout = checkout;
        this.currency = currency;
    }

    @PostMapping(
            path = "/api/cart/checkout",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Check out your cart, once per Idempotency-Key",
            security = @SecurityRequirement(name = "bearer"))
    @ApiResponse(
            responseCode = "202",
            description = "The order, PENDING; a repeat of the request gets the same response",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = OrderResponse.class)))
    @Parameter(
            in = ParameterIn.HEADER,
            name = IdempotencyKey.HEADER,
            required = true,
            description = "1-255 printable ASCII characters, sent once; the same key when you retry this checkout",
            schema = @Schema(type = "string", minLength = 1, maxLength = IdempotencyKey.MAX_LENGTH))
    @Problems({
        ProblemType.MALFORMED_REQUEST,
        ProblemType.IDEMPOTENCY_KEY_IN_USE,
        ProblemType.PRICE_CHANGED,
        ProblemType.TOO_MANY_OPEN_ORDERS,
        ProblemType.IDEMPOTENCY_KEY_MISMATCH,
        ProblemType.EMPTY_CART
    })
    Mono<ResponseEntity<String>> checkout(
            @AuthenticationPrincipal Jwt token,
            ServerHttpRequest httpRequest,
            @Valid @RequestBody CheckoutRequest request) {
        // every line of the header: a key sent twice is refused rather than joined into "first,second"
        IdempotencyKey key = IdempotencyKey.fromHeader(httpRequest.getHeaders().get(IdempotencyKey.HEADER));
        CheckoutCommand command = request.command();
        Money expected = command.expectedTotal();
        if (expected != null && !currency.accepts(expected.currency())) {
            throw new ForeignCurrency(currency.currency());
        }
        return checkout.checkout(Customer.of(token), key, command)
                .map(result -> ResponseEntity.accepted()
                        .location(URI.create("/api/orders/" + result.orderId()))
                        .contentType(MediaType.APPLICATION_JSON)
                        .body(result.response()));
    }

    /** An expected total in a currency the shop does not sell in. */
    static final class ForeignCurrency extends RejectedValue {
        ForeignCurrency(String shopCurrency) {
            super("expectedTotal.currency", "must be " + shopCurrency + ", the shop's currency");
        }
    }
}
