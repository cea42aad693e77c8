package dev.shop.catalog.product;

import dev.shop.common.events.Money;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.UUID;

/**
 * A product on the wire, and the JSON the cache holds.
 *
 * @param category the category's slug
 * @param stock available units: on hand minus reserved
 * @param version the ETag, {@code "<version>"}
 * @param images in the product's order; the first is its main image
 */
public record ProductResponse(
        UUID id,
        String sku,
        String name,
        String description,
        String category,
        Money price,
        int stock,
        boolean active,
        long version,
        List<Image> images) {

    /**
     * One image: where to load it and its thumbnail (paths under the API's address; served with a year's cache
     * lifetime, since a URL's content never changes), its size in pixels and type.
     */
    @Schema(name = "ProductImage")
    public record Image(UUID id, String url, String thumbnailUrl, int width, int height, String contentType) {

        public static Image of(ProductImage image) {
            return new Image(
                    image.id(), image.url(), image.thumbnailUrl(), image.width(), image.height(), image.contentType());
        }
    }

    public static ProductResponse of(Product product) {
        return new ProductResponse(
                product.id(),
                product.sku(),
                product.name(),
                product.description(),
                product.category(),
                product.price(),
                product.available(),
                product.active(),
                product.version(),
                product.images().stream().map(Image::of).toList());
    }
}
