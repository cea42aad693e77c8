package dev.shop.catalog.image;

import dev.shop.catalog.CatalogProperties;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.stream.ImageInputStream;
import net.coobird.thumbnailator.Thumbnails;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Turns an upload into what the store keeps: the type decided from the bytes (an image reader that recognises them;
 * only JPEG, PNG and WebP are accepted), the size read from the header and refused past {@code max-side} before
 * anything is decoded (a small file can claim a huge image), then decoded and encoded again without any of the
 * upload's metadata (no EXIF: no camera, no location) with a thumbnail {@code thumbnail-width} wide. JPEG stays JPEG
 * and PNG stays PNG; WebP, which the JDK cannot write, becomes PNG when it has transparency and JPEG otherwise.
 *
 * <p>Reading, decoding and encoding block and take CPU: callers run this on a scheduler for it, never on an event
 * loop. ImageIO's readers (the JDK's and TwelveMonkeys', for WebP and CMYK JPEGs) are registered at startup.
 */
@Component
public class ImageProcessor {

    /** What the store keeps of an upload. */
    public record Processed(byte[] image, byte[] thumbnail, int width, int height, Format format, String sha256) {}

    /** The formats the store keeps. */
    public enum Format {
        JPEG("image/jpeg", "jpg"),
        PNG("image/png", "png");

        private final String contentType;
        private final String extension;

        Format(String contentType, String extension) {
            this.contentType = contentType;
            this.extension = extension;
        }

        public String contentType() {
            return contentType;
        }

        public String extension() {
            return extension;
        }
    }

    private static final float JPEG_QUALITY = 0.9f;

    private final long maxBytes;
    private final int maxSide;
    private final int thumbnailWidth;

    @Autowired
    ImageProcessor(CatalogProperties properties) {
        this(
                properties.images().maxBytes().toBytes(),
                properties.images().maxSide(),
                properties.images().thumbnailWidth());
    }

    ImageProcessor(long maxBytes, int maxSide, int thumbnailWidth) {
        this.maxBytes = maxBytes;
        this.maxSide = maxSide;
        this.thumbnailWidth = thumbnailWidth;
        // decoded images stay in memory: no temporary files
        ImageIO.setUseCache(false);
        // finds the plugins of the application's class path (TwelveMonkeys) now, with the application's class loader
        ImageIO.scanForPlugins();
    }

    /**
     * @throws ImageRefused for anything but a JPEG, PNG or WebP image of at most {@code max-bytes} and
     *     {@code max-side} pixels either way
     */
    public Processed process(byte[] upload) {
        if (upload.length > maxBytes) {
            throw ImageRefused.tooManyBytes(maxBytes);
        }
        Decoded decoded = decode(upload);
        BufferedImage image = decoded.image();
        Format format = decoded.format().equals("png") || (decoded.format().equals("webp") && hasAlpha(image))
                ? Format.PNG
                : Format.JPEG;
        var thumbnail = thumbnail(image);
        byte[] encoded = encode(image, format);
        return new Processed(
                encoded, encode(thumbnail, format), image.getWidth(), image.getHeight(), format, sha256(encoded));
    }

    private record Decoded(BufferedImage image, String format) {}

    private Decoded decode(byte[] upload) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(upload))) {
            var readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw ImageRefused.unsupportedType("of no image type known here");
            }
            ImageReader reader = readers.next();
            try {
                String format = reader.getFormatName().toLowerCase(Locale.ROOT);
                if (!format.equals("jpeg") && !format.equals("png") && !format.equals("webp")) {
                    throw ImageRefused.unsupportedType("a " + format.toUpperCase(Locale.ROOT) + " image");
                }
                // metadata is never read: nothing of it is kept
                reader.setInput(in, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if (width > maxSide || height > maxSide) {
                    throw ImageRefused.tooManyPixels(width, height, maxSide);
                }
                if (width <= 0 || height <= 0) {
                    throw ImageRefused.unreadable();
                }
                return new Decoded(reader.read(0), format);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException broken) {
            if (broken instanceof ImageRefused refused) {
                throw refused;
            }
            // a truncated or damaged file: the readers throw IOExceptions, and some runtime exceptions
            throw ImageRefused.unreadable();
        }
    }

    private BufferedImage thumbnail(BufferedImage image) {
        try {
            return Thumbnails.of(image)
                    .width(Math.min(thumbnailWidth, image.getWidth()))
                    .asBufferedImage();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean hasAlpha(BufferedImage image) {
        return image.getColorModel().hasAlpha();
    }

    /** The image alone, as a new file: no metadata of the upload comes along. */
    private static byte[] encode(BufferedImage image, Format format) {
        var out = new ByteArrayOutputStream();
        try {
            if (format == Format.PNG) {
                if (!ImageIO.write(image, "png", out)) {
                    throw new IllegalStateException("No PNG writer");
                }
                return out.toByteArray();
            }
            var writer = ImageIO.getImageWritersByFormatName("jpeg").next();
            try (var stream = ImageIO.createImageOutputStream(out)) {
                writer.setOutput(stream);
                var parameters = writer.getDefaultWriteParam();
                parameters.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                parameters.setCompressionQuality(JPEG_QUALITY);
                writer.write(null, new IIOImage(opaque(image), null, null), parameters);
            } finally {
                writer.dispose();
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** JPEG has no transparency: the image on white, as plain RGB. */
    private static BufferedImage opaque(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_INT_RGB) {
            return image;
        }
        var rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        var graphics = rgb.createGraphics();
        try {
            graphics.drawImage(image, 0, 0, Color.WHITE, null);
        } finally {
            graphics.dispose();
        }
        return rgb;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
