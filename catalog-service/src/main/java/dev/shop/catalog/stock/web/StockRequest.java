package dev.shop.catalog.stock.web;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import org.jspecify.annotations.Nullable;

/** The units in the warehouse, reserved ones included. */
record StockRequest(
        @Schema(example = "40") @NotNull @PositiveOrZero @Max(1_000_000_000) @Nullable
        Integer onHand) {}
