package dev.shop.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The README's walkthrough, run as written (with bash and curl) against the whole shop, so the docs cannot rot. */
class ReadmeWalkthroughE2eTest {

    static final String SECTION = "## Try it (after `./shop up`)";

    @Test
    void theReadmePurchaseEndsWithAConfirmedOrderOneChargeAndAMailAndTheUploadedImageIsServed() throws Exception {
        var shop = ShopUnderTest.get();
        var script = firstBashBlockAfter(SECTION);

        var process = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true);
        process.environment().put("SHOP_URL", shop.gatewayUrl());
        process.environment()
                .put(
                        "SHOP_SIMULATOR_URL",
                        "http://127.0.0.1:" + shop.stack().simulator().port());
        process.environment()
                .put("SHOP_IMAP_URL", "imap://127.0.0.1:" + shop.stack().mail().imapPort());
        var running = process.start();
        assertThat(running.waitFor(3, TimeUnit.MINUTES))
                .as("the walkthrough finished")
                .isTrue();
        var output = new String(running.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(running.exitValue()).as(output).isZero();
        assertThat(output)
                .contains("\"name\":\"Home & Kitchen\"")
                .contains("\"email\":\"bob.")
                .contains("\"quantity\":2")
                .contains("status CONFIRMED")
                .contains("\"status\":\"SUCCEEDED\"")
                .containsPattern("Subject: Your order [0-9a-f-]+ is confirmed")
                .containsPattern("\"url\":\"/api/catalog/images/products/[0-9a-f-]{36}/[0-9a-f]{64}\\.png\"")
                .containsIgnoringCase("content-type: image/png")
                .containsIgnoringCase("cache-control: max-age=31536000, public, immutable")
                .doesNotContain("\"status\":500");
    }

    static String firstBashBlockAfter(String heading) throws Exception {
        var readme =
                Files.readString(Path.of(System.getProperty("shop.root", "..")).resolve("README.md"));
        var section = readme.substring(readme.indexOf(heading));
        var start = section.indexOf("```bash\n") + "```bash\n".length();
        return section.substring(start, section.indexOf("\n```", start));
    }
}
