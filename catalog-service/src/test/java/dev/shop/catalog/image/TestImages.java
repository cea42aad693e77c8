package dev.shop.catalog.image;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/** Images for the tests, drawn here or read from {@code src/test/resources/images}. */
public final class TestImages {

    /** What the metadata of {@link #jpegWithMetadata} says, which must never reach the store. */
    public static final String SECRET = "SECRET-LOCATION 52.5200N 13.4050E";

    private TestImages() {}

    public static byte[] jpeg(int width, int height) {
        return write(drawn(width, height, BufferedImage.TYPE_INT_RGB), "jpeg");
    }

    /** A JPEG with an EXIF segment and a comment naming {@link #SECRET}, as a phone's photo carries its location. */
    public static byte[] jpegWithMetadata(int width, int height) {
        byte[] jpeg = jpeg(width, height);
        byte[] secret = SECRET.getBytes(StandardCharsets.US_ASCII);
        // APP1 "Exif": a big-endian TIFF header and an empty first directory, then the secret as trailing bytes
        var exif = ByteBuffer.allocate(2 + 2 + 6 + 8 + 2 + 4 + secret.length);
        exif.putShort((short) 0xFFE1).putShort((short) (exif.capacity() - 2));
        exif.put("Exif\0\0".getBytes(StandardCharsets.US_ASCII));
        exif.put(new byte[] {'M', 'M', 0, 42, 0, 0, 0, 8}).putShort((short) 0).putInt(0);
        exif.put(secret);
        var comment = ByteBuffer.allocate(4 + secret.length);
        comment.putShort((short) 0xFFFE)
                .putShort((short) (comment.capacity() - 2))
                .put(secret);
        var out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2); // SOI
        out.writeBytes(exif.array());
        out.writeBytes(comment.array());
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    /** A PNG; with {@code translucent}, half of it is half transparent. */
    public static byte[] png(int width, int height, boolean translucent) {
        return write(
                drawn(width, height, translucent ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB), "png");
    }

    public static byte[] gif(int width, int height) {
        return write(drawn(width, height, BufferedImage.TYPE_INT_RGB), "gif");
    }

    /**
     * A small PNG whose header claims {@code width} x {@code height} pixels: decoding it would take width x height x 4
     * bytes of memory (a "decompression bomb"); only the header may be read.
     */
    public static byte[] pngClaiming(int width, int height) {
        byte[] png = png(1, 1, false);
        // the IHDR chunk follows the 8-byte signature: length (4), type (4), width (4), height (4), ..., CRC
        var buffer = ByteBuffer.wrap(png);
        buffer.putInt(16, width).putInt(20, height);
        var crc = new CRC32();
        crc.update(png, 12, 4 + 13);
        buffer.putInt(12 + 4 + 13, (int) crc.getValue());
        return png;
    }

    /** An image from {@code src/test/resources/images}: {@code gradient.webp} (64 x 48, opaque, with an ICC profile),
     * {@code translucent.webp} (32 x 32, half transparent). */
    public static byte[] resource(String name) {
        try (var in = TestImages.class.getResourceAsStream("/images/" + name)) {
            return Objects.requireNonNull(in, name).readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static BufferedImage decode(byte[] bytes) {
        try {
            return Objects.requireNonNull(ImageIO.read(new ByteArrayInputStream(bytes)), "not an image");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static BufferedImage drawn(int width, int height, int type) {
        var image = new BufferedImage(width, height, type);
        var graphics = image.createGraphics();
        try {
            graphics.setColor(new Color(30, 90, 160));
            graphics.fillRect(0, 0, width, height);
            graphics.setColor(new Color(240, 180, 40, type == BufferedImage.TYPE_INT_ARGB ? 128 : 255));
            graphics.fillRect(0, 0, width / 2, height);
        } finally {
            graphics.dispose();
        }
        return image;
    }

    private static byte[] write(BufferedImage image, String format) {
        var out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
