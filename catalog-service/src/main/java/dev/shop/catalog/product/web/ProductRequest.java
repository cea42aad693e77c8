package dev.shop.catalog.product.web;

import dev.shop.catalog.product.ProductDetails;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A product as an admin sends it. On {@code POST}, {@code stock} is the initial stock on hand (default 0); on
 * {@code PUT} it must be left out: stock changes through {@code PUT /products/{id}/stock}, which checks reservations.
 *
 * @param active whether the public sees it (default true)
 */
record ProductRequest(
        @Schema(example = "LAMP-DESK-01")
        @NotBlank
        @Size(max = 64)
        @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]*", message = "may contain only letters, digits, '.', '_' and '-'")
        @Nullable
        String sku,

        @Schema(example = "Desk lamp") @NotBlank @Size(max = 200) @Nullable
        String name,

        @Schema(example = "A brass desk lamp with a linen shade") @Size(max = 5000) @Nullable
        String description,

        @Schema(example = "home-kitchen") @NotBlank @Size(max = 64) @Nullable
        String category,

        @NotNull @Valid @Nullable PriceRequest price,

        @Schema(example = "25") @PositiveOrZero @Max(1_000_000_000) @Nullable
        Integer stock,

        @Schema(example = "true") @Nullable Boolean active) {

    ProductDetails details() {
        return new ProductDetails(
                Objects.requireNonNull(sku).trim(),
                Objects.requireNonNull(name).trim(),
                description == null ? "" : description.trim(),
                Objects.requireNonNull(category).trim(),
                Objects.requireNonNull(price).toMoney(),
                active == null || active);
    }

    int initialStock() {
        return stock == null ? 0 : stock;
    }
}
