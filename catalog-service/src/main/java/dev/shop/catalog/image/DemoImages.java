package dev.shop.catalog.image;

import dev.shop.catalog.product.ProductQueries;
import dev.shop.catalog.product.ProductResponse;
import dev.shop.catalog.product.ProductSort;
import dev.shop.catalog.product.SearchCriteria;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The demo catalog's images ({@code catalog.images.demo}, on in the {@code local} profile of {@code ./shop up}): once
 * the service is ready, every visible product without an image gets one drawn from its SKU (a gradient and a few
 * shapes in colours of its own), uploaded the way an admin's upload is. Drawn, not committed: nothing binary in the
 * repository, and the same SKU always gives the same bytes, so a second replica doing the same adds nothing.
 */
@Component
@ConditionalOnBooleanProperty("catalog.images.demo")
class DemoImages {

    private static final Logger log = LoggerFactory.getLogger(DemoImages.class);
    private static final int WIDTH = 800;
    private static final int HEIGHT = 600;
    private static final int PAGE = 100;

    private final ProductQueries queries;
    private final ProductImages images;
    private final ObservationRegistry observations;

    DemoImages(ProductQueries queries, ProductImages images, ObjectProvider<ObservationRegistry> observations) {
        this.queries = queries;
        this.images = images;
        this.observations = observations.getIfAvailable(() -> ObservationRegistry.NOOP);
    }

    @EventListener(ApplicationReadyEvent.class)
    void drawMissing() {
        Flux.range(0, Integer.MAX_VALUE)
                .concatMap(page ->
                        queries.search(new SearchCriteria(null, null, null, null, ProductSort.DEFAULT, page, PAGE)))
                .takeUntil(page -> page.items().size() < PAGE)
                .concatMapIterable(page -> page.items())
                .filter(product -> product.images().isEmpty())
                .concatMap(product -> observed(Mono.fromCallable(() -> draw(product))
                                .subscribeOn(Schedulers.boundedElastic())
                                .flatMap(bytes -> images.upload(product.id(), bytes)))
                        .onErrorResume(e -> {
                            log.warn("No demo image for {}: {}", product.sku(), e.toString());
                            return Mono.empty();
                        }))
                .count()
                .subscribe(
                        drawn -> log.info("Drew the demo images of {} products", drawn),
                        e -> log.warn("Could not draw the demo images: {}", e.toString()));
    }

    /**
     * An upload in a trace of its own, as a request's would be: the {@code ProductUpserted} it writes carries a
     * {@code traceparent}, which the event contract requires.
     */
    private <T> Mono<T> observed(Mono<T> upload) {
        return Mono.defer(() -> {
            var observation = Observation.createNotStarted("shop.demo.image", observations)
                    .start();
            return upload.doOnError(observation::error)
                    .doFinally(signal -> observation.stop())
                    .contextWrite(context -> context.put(ObservationThreadLocalAccessor.KEY, observation));
        });
    }

    /** A JPEG of 800 x 600 pixels that depends on the product's SKU only. */
    static byte[] draw(ProductResponse product) {
        var crc = new CRC32();
        crc.update(product.sku().getBytes(StandardCharsets.UTF_8));
        long seed = crc.getValue();
        float hue = (seed % 360) / 360f;
        var image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        var graphics = image.createGraphics();
        try {
            graphics.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            graphics.setPaint(new GradientPaint(
                    0, 0, Color.getHSBColor(hue, 0.35f, 0.95f), WIDTH, HEIGHT, Color.getHSBColor(hue, 0.6f, 0.7f)));
            graphics.fillRect(0, 0, WIDTH, HEIGHT);
            for (int shape = 0; shape < 3; shape++) {
                long bits = seed >>> (shape * 7);
                graphics.setColor(Color.getHSBColor((hue + 0.1f * (shape + 1)) % 1f, 0.5f, 0.9f));
                int size = 140 + (int) (bits % 160);
                int x = 80 + (int) ((bits >>> 3) % (WIDTH - 160 - size));
                int y = 60 + (int) ((bits >>> 5) % (HEIGHT - 120 - size));
                if (shape % 2 == 0) {
                    graphics.fillOval(x, y, size, size);
                } else {
                    graphics.fillRoundRect(x, y, size, size, 40, 40);
                }
            }
        } finally {
            graphics.dispose();
        }
        var out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "jpeg", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
