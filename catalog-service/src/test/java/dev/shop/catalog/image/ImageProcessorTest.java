package dev.shop.catalog.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shop.common.problem.ProblemType;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** What becomes of an upload: the type from the bytes, the limits, re-encoding without metadata, the thumbnail. */
class ImageProcessorTest {

    private final ImageProcessor processor = new ImageProcessor(5 * 1024 * 1024, 4000, 400);

    @Test
    void aJpegIsEncodedAgainWithoutItsExifOrCommentsWithAThumbnail400PixelsWide() {
        var processed = processor.process(TestImages.jpegWithMetadata(640, 480));

        assertThat(processed.format()).isEqualTo(ImageProcessor.Format.JPEG);
        assertThat(processed.width()).isEqualTo(640);
        assertThat(processed.height()).isEqualTo(480);
        for (byte[] stored : new byte[][] {processed.image(), processed.thumbnail()}) {
            String text = new String(stored, StandardCharsets.ISO_8859_1);
            assertThat(text).doesNotContain("SECRET-LOCATION").doesNotContain("Exif");
            assertThat(Arrays.copyOf(stored, 2)).containsExactly(0xFF, 0xD8);
        }
        var thumbnail = TestImages.decode(processed.thumbnail());
        assertThat(thumbnail.getWidth()).isEqualTo(400);
        assertThat(thumbnail.getHeight()).isEqualTo(300);
        assertThat(processed.sha256()).hasSize(64).matches("[0-9a-f]+");
        assertThat(processor.process(TestImages.jpegWithMetadata(640, 480)).sha256())
                .as("the same upload, the same stored bytes")
                .isEqualTo(processed.sha256());
    }

    @Test
    void aPngStaysAPngWithItsTransparencyAndANarrowImageIsItsOwnThumbnailsWidth() {
        var processed = processor.process(TestImages.png(300, 200, true));

        assertThat(processed.format()).isEqualTo(ImageProcessor.Format.PNG);
        var image = TestImages.decode(processed.image());
        assertThat(image.getColorModel().hasAlpha()).isTrue();
        assertThat(TestImages.decode(processed.thumbnail()).getWidth()).isEqualTo(300);
    }

    @Test
    void aWebpBecomesAJpegOrWhenTranslucentAPngWithoutItsColourProfile() {
        var opaque = processor.process(TestImages.resource("gradient.webp"));
        var translucent = processor.process(TestImages.resource("translucent.webp"));

        assertThat(opaque.format()).isEqualTo(ImageProcessor.Format.JPEG);
        assertThat(opaque.width()).isEqualTo(64);
        assertThat(opaque.height()).isEqualTo(48);
        assertThat(new String(opaque.image(), StandardCharsets.ISO_8859_1)).doesNotContain("ICC_PROFILE");
        assertThat(translucent.format()).isEqualTo(ImageProcessor.Format.PNG);
        assertThat(TestImages.decode(translucent.image()).getColorModel().hasAlpha())
                .isTrue();
        assertThat(new String(translucent.image(), StandardCharsets.ISO_8859_1)).doesNotContain("iCCP");
    }

    @Test
    void theTypeComesFromTheBytesAndOnlyJpegPngAndWebpAreAccepted() {
        assertRefused(TestImages.gif(10, 10), ProblemType.UNSUPPORTED_MEDIA_TYPE, "GIF");
        assertRefused(
                "<svg xmlns='http://www.w3.org/2000/svg'/>".getBytes(StandardCharsets.UTF_8),
                ProblemType.UNSUPPORTED_MEDIA_TYPE,
                "no image type");
        assertRefused(new byte[0], ProblemType.UNSUPPORTED_MEDIA_TYPE, "no image type");
    }

    @Test
    void aHugeImageIsRefusedFromItsHeaderBeforeItIsDecoded() {
        // 40,000 x 40,000 pixels would need 6.4 GB decoded: refused from the header of this 70-byte file
        assertRefused(TestImages.pngClaiming(40_000, 40_000), ProblemType.PAYLOAD_TOO_LARGE, "40000 x 40000");
        assertRefused(TestImages.png(4001, 10, false), ProblemType.PAYLOAD_TOO_LARGE, "4001 x 10");
        assertThat(processor.process(TestImages.png(4000, 10, false)).width()).isEqualTo(4000);
    }

    @Test
    void tooManyBytesAndDamagedFilesAreRefused() {
        var small = new ImageProcessor(1000, 4000, 400);
        assertRefused(small, TestImages.jpeg(200, 200), ProblemType.PAYLOAD_TOO_LARGE, "1000 bytes");

        byte[] jpeg = TestImages.jpeg(64, 64);
        assertRefused(Arrays.copyOf(jpeg, 100), ProblemType.VALIDATION, "damaged or cut off");
        byte[] png = TestImages.png(64, 64, false);
        assertRefused(Arrays.copyOf(png, png.length / 2), ProblemType.VALIDATION, "damaged or cut off");
    }

    private void assertRefused(byte[] upload, ProblemType type, String detail) {
        assertRefused(processor, upload, type, detail);
    }

    private static void assertRefused(ImageProcessor processor, byte[] upload, ProblemType type, String detail) {
        assertThatThrownBy(() -> processor.process(upload)).isInstanceOfSatisfying(ImageRefused.class, refused -> {
            assertThat(refused.type()).isEqualTo(type);
            assertThat(refused.detail()).contains(detail);
        });
    }
}
