package dev.shop.cart.cart;

import dev.shop.cart.product.CatalogProduct;
import dev.shop.common.events.Money;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A cart on the wire.
 *
 * @param total the sum of the available lines at current prices
 * @param maxLines how many different products the cart may hold
 */
public record CartResponse(List<Line> lines, Money total, int itemCount, int maxLines) {

    /**
     * @param available false when the product can no longer be bought (deleted or inactive in the catalog): the line
     *     counts for nothing and checkout refuses the cart until it is removed
     * @param unitPrice the current price; {@code lineTotal} is absent for an unavailable line
     * @param priceWhenAdded the unit price when the line was added to the cart (absent for older lines)
     * @param priceChanged whether the current price differs from {@code priceWhenAdded}
     */
    @Schema(name = "CartLine")
    public record Line(
            UUID productId,
            @Nullable String sku,
            @Nullable String name,
            int quantity,
            @Nullable Money unitPrice,
            @Nullable Money lineTotal,
            boolean available,
            @Nullable Money priceWhenAdded,
            boolean priceChanged) {}

    public static CartResponse of(Cart cart, int maxLines) {
        return new CartResponse(
                cart.lines().stream().map(CartResponse::line).toList(),
                cart.total(),
                cart.lines().stream()
                        .filter(CartLine::available)
                        .mapToInt(CartLine::quantity)
                        .sum(),
                maxLines);
    }

    private static Line line(CartLine line) {
        CatalogProduct product = line.product();
        return new Line(
                line.productId(),
                product == null ? null : product.sku(),
                product == null ? null : product.name(),
                line.quantity(),
                line.unitPrice(),
                line.lineTotal(),
                line.available(),
                line.priceWhenAdded(),
                line.priceChanged());
    }
}
