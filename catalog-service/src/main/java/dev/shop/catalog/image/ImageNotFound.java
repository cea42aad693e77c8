package dev.shop.catalog.image;

import dev.shop.common.problem.ProblemType;
import dev.shop.common.problem.ShopException;
import java.util.UUID;

/** The product has no image with this id, or nothing is stored at an image URL. */
public class ImageNotFound extends ShopException {

    ImageNotFound(UUID productId, UUID imageId) {
        super(ProblemType.NOT_FOUND, "Product " + productId + " has no image " + imageId + ".");
    }

    private ImageNotFound(String detail) {
        super(ProblemType.NOT_FOUND, detail);
    }

    /** Nothing is stored under this image URL. */
    public static ImageNotFound atUrl() {
        return new ImageNotFound("There is no image at this URL.");
    }
}
