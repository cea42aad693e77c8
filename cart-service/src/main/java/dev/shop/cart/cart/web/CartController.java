package dev.shop.cart.cart.web;

import dev.shop.cart.CartProperties;
import dev.shop.cart.Customer;
import dev.shop.cart.cart.CartResponse;
import dev.shop.cart.cart.Carts;
import dev.shop.common.apidocs.Problems;
import dev.shop.common.problem.ProblemType;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.validation.Valid;
import java.util.Objects;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The customer's own cart; every answer is the whole cart at current prices. */
@RestController
@Problems(ProblemType.FORBIDDEN) // every operation needs the customer role
@RequestMapping(path = "/api/cart", produces = MediaType.APPLICATION_JSON_VALUE)
class CartController {

    private final Carts carts;
    private final int maxLines;

    CartController(Carts carts, CartProperties properties) {
        this.carts = carts;
        this.maxLines = properties.maxLines();
    }

    @GetMapping
    @Operation(summary = "Your cart with lines and total", security = @SecurityRequirement(name = "bearer"))
    Mono<CartResponse> cart(@AuthenticationPrincipal Jwt token) {
        return carts.cart(Customer.of(token).id()).map(cart -> CartResponse.of(cart, maxLines));
    }

    @PutMapping(path = "/items/{productId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Set a product's quantity in your cart (1..99; 0 removes the line)",
            security = @SecurityRequirement(name = "bearer"))
    @Problems({ProblemType.NOT_FOUND, ProblemType.CONFLICT})
    Mono<CartResponse> setQuantity(
            @AuthenticationPrincipal Jwt token,
            @PathVariable UUID productId,
            @Valid @RequestBody QuantityRequest request) {
        return carts.setQuantity(Customer.of(token).id(), productId, Objects.requireNonNull(request.quantity()))
                .map(cart -> CartResponse.of(cart, maxLines));
    }

    @DeleteMapping("/items/{productId}")
    @Operation(summary = "Remove a product from your cart", security = @SecurityRequirement(name = "bearer"))
    Mono<CartResponse> remove(@AuthenticationPrincipal Jwt token, @PathVariable UUID productId) {
        return carts.remove(Customer.of(token).id(), productId).map(cart -> CartResponse.of(cart, maxLines));
    }

    @DeleteMapping
    @Operation(summary = "Empty your cart", security = @SecurityRequirement(name = "bearer"))
    Mono<CartResponse> clear(@AuthenticationPrincipal Jwt token) {
        return carts.clear(Customer.of(token).id()).map(cart -> CartResponse.of(cart, maxLines));
    }
}
