package dev.shop.cart.cart.web;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

/** The body of {@code PUT /api/cart/items/{productId}}: the quantity the line should have, 0 to remove it. */
record QuantityRequest(
        @Schema(example = "2") @NotNull @Min(0) @Max(99) @Nullable
        Integer quantity) {}
