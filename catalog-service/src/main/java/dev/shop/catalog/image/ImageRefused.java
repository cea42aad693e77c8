package dev.shop.catalog.image;

import dev.shop.common.problem.FieldViolation;
import dev.shop.common.problem.ProblemType;
import dev.shop.common.problem.ShopException;
import java.util.List;
import java.util.Map;

/**
 * An upload that is not an image the shop accepts, with the status that says why: 415 for a type other than JPEG, PNG
 * or WebP (decided from the bytes), 413 for one too large in bytes or pixels, 400 for bytes that do not decode.
 */
public class ImageRefused extends ShopException {

    private ImageRefused(ProblemType type, String detail) {
        super(type, detail);
    }

    static ImageRefused unsupportedType(String found) {
        return new ImageRefused(
                ProblemType.UNSUPPORTED_MEDIA_TYPE, "The file is " + found + ", not a JPEG, PNG or WebP image.");
    }

    public static ImageRefused tooManyBytes(long maxBytes) {
        return new ImageRefused(
                ProblemType.PAYLOAD_TOO_LARGE, "The image is larger than the limit of " + maxBytes + " bytes.");
    }

    static ImageRefused tooManyPixels(int width, int height, int maxSide) {
        return new ImageRefused(
                ProblemType.PAYLOAD_TOO_LARGE,
                "The image is " + width + " x " + height + " pixels; at most " + maxSide + " x " + maxSide
                        + " are accepted.");
    }

    static ImageRefused unreadable() {
        return new ImageRefused(ProblemType.VALIDATION, "could not be read as an image: it is damaged or cut off");
    }

    public static ImageRefused missingFile() {
        return new ImageRefused(ProblemType.VALIDATION, "is missing: send the image as the form field \"file\"");
    }

    /** A validation problem names the form field: {@code errors: [{field: "file", message}]}. */
    @Override
    public Map<String, Object> properties() {
        return type() == ProblemType.VALIDATION
                ? Map.of("errors", List.of(new FieldViolation("file", String.valueOf(getMessage()))))
                : Map.of();
    }

    @Override
    public String detail() {
        return type() == ProblemType.VALIDATION ? "file " + getMessage() + "." : super.detail();
    }
}
