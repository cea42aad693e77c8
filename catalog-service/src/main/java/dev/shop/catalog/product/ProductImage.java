package dev.shop.catalog.product;

import java.util.Objects;
import java.util.UUID;

/**
 * One image of a product, as the product stores it: the keys of its two objects in the object store (the image and
 * its thumbnail, named by the SHA-256 of the image's bytes) and what a client needs to lay it out.
 *
 * @param contentType of both objects: {@code image/jpeg} or {@code image/png}
 */
public record ProductImage(UUID id, String key, String thumbnailKey, int width, int height, String contentType) {

    /** Where the images are served: through catalog-service (and the gateway), never straight from the store. */
    public static final String URL_PREFIX = "/api/catalog/images/";

    public ProductImage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(thumbnailKey, "thumbnailKey");
        Objects.requireNonNull(contentType, "contentType");
    }

    public String url() {
        return URL_PREFIX + key;
    }

    public String thumbnailUrl() {
        return URL_PREFIX + thumbnailKey;
    }
}
