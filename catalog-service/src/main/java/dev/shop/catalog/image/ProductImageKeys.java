package dev.shop.catalog.image;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * How the objects of a product's images are named: {@code products/<product id>/<sha256>.<ext>} and
 * {@code ...-thumb.<ext>} for its thumbnail, by the SHA-256 of the stored image. A name never changes content, so it
 * may be cached for good, and the same bytes uploaded twice to a product are one image.
 */
final class ProductImageKeys {

    static final String PREFIX = "products/";

    private static final Pattern KEY =
            Pattern.compile("products/[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}/[0-9a-f]{64}(-thumb)?\\.(jpg|png)");

    private ProductImageKeys() {}

    static String image(UUID productId, ImageProcessor.Processed processed) {
        return PREFIX + productId + "/" + processed.sha256() + "."
                + processed.format().extension();
    }

    static String thumbnail(UUID productId, ImageProcessor.Processed processed) {
        return PREFIX + productId + "/" + processed.sha256() + "-thumb."
                + processed.format().extension();
    }

    /** Whether {@code key} has the form of an image's or a thumbnail's key (the only objects that are served). */
    static boolean valid(String key) {
        return KEY.matcher(key).matches();
    }
}
