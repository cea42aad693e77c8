package dev.shop.catalog.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.shop.catalog.IntegrationTestSupport;
import dev.shop.catalog.product.ProductResponse;
import dev.shop.localstack.test.SharedLocalStack;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Product images against the real S3-compatible store of the local stack (s3proxy), read back with the AWS SDK's
 * official client: what an upload stores and serves, what each bad upload gets (and that it stores nothing), the
 * order, and that objects and rows never drift apart: a removed image's or deleted product's objects are deleted, a
 * failed database write leaves none behind, a store that is down is a 503 that writes nothing, and the sweep deletes
 * what no product refers to.
 */
class ProductImagesIntegrationTest extends IntegrationTestSupport {

    private static final String BUCKET = "shop-images";

    @Autowired
    private S3AsyncClient s3;

    @LocalServerPort
    private int port;

    @AfterEach
    void storeRunning() {
        SharedLocalStack.get().objectStore().start();
    }

    @Test
    void anUploadIsStoredWithoutItsMetadataWithAThumbnailAndServedForAYear() {
        var product = createProduct("Framed print", 2500, 3);

        var uploaded = upload(product.id(), TestImages.jpegWithMetadata(640, 480), "holiday.jpg", MediaType.IMAGE_JPEG)
                .expectStatus()
                .isCreated()
                .expectHeader()
                .valueMatches(
                        HttpHeaders.LOCATION, "/api/catalog/images/products/" + product.id() + "/[0-9a-f]{64}\\.jpg")
                .expectBody(ProductResponse.Image.class)
                .returnResult();
        var image = Objects.requireNonNull(uploaded.getResponseBody());

        assertThat(image.url())
                .isEqualTo(uploaded.getResponseHeaders().getLocation().toString());
        assertThat(image.thumbnailUrl())
                .matches("/api/catalog/images/products/" + product.id() + "/[0-9a-f]{64}-thumb\\.jpg");
        assertThat(image.width()).isEqualTo(640);
        assertThat(image.height()).isEqualTo(480);
        assertThat(image.contentType()).isEqualTo("image/jpeg");
        var read = read(product.id());
        assertThat(read.images()).containsExactly(image);
        assertThat(read.version()).isEqualTo(product.version() + 1);
        // a new version, announced with its main image's thumbnail (cart-service's mails show it)
        String announced = database.sql("select payload from outbox_event where event_key = :key"
                        + " and event_type like '%ProductUpserted%' order by id desc limit 1")
                .bind("key", product.id().toString())
                .map(row -> row.get("payload", String.class))
                .one()
                .block();
        assertThat(json.readTree(announced).path("imageUrl").asString()).isEqualTo(image.thumbnailUrl());
        assertThat(json.readTree(announced).path("version").asLong()).isEqualTo(read.version());

        byte[] served = client.get()
                .uri(image.url())
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentType(MediaType.IMAGE_JPEG)
                .expectHeader()
                .cacheControl(org.springframework.http.CacheControl.maxAge(Duration.ofDays(365))
                        .cachePublic()
                        .immutable())
                .expectHeader()
                .exists(HttpHeaders.ETAG)
                .expectBody(byte[].class)
                .returnResult()
                .getResponseBody();
        assertThat(new String(Objects.requireNonNull(served), StandardCharsets.ISO_8859_1))
                .doesNotContain("SECRET-LOCATION")
                .doesNotContain("Exif");
        assertThat(TestImages.decode(served).getWidth()).isEqualTo(640);
        assertThat(served).isEqualTo(stored(key(image.url())));
        byte[] thumbnail = client.get()
                .uri(image.thumbnailUrl())
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(byte[].class)
                .returnResult()
                .getResponseBody();
        assertThat(TestImages.decode(Objects.requireNonNull(thumbnail)).getWidth())
                .isEqualTo(400);

        String etag = client.get()
                .uri(image.url())
                .exchange()
                .returnResult(byte[].class)
                .getResponseHeaders()
                .getETag();
        client.get()
                .uri(image.url())
                .header(HttpHeaders.IF_NONE_MATCH, etag)
                .exchange()
                .expectStatus()
                .isNotModified();

        // the same bytes again: the same image, not a second one
        upload(product.id(), TestImages.jpegWithMetadata(640, 480), "again.jpg", MediaType.IMAGE_JPEG)
                .expectStatus()
                .isOk()
                .expectBody(ProductResponse.Image.class)
                .isEqualTo(image);
        assertThat(read(product.id()).images()).containsExactly(image);
    }

    @Test
    void aWebpAndAPngAreKeptAsJpegAndPng() {
        var product = createProduct("Poster", 900, 1);

        var webp = uploaded(product.id(), TestImages.resource("gradient.webp"));
        var png = uploaded(product.id(), TestImages.png(800, 100, true));

        assertThat(webp.contentType()).isEqualTo("image/jpeg");
        assertThat(webp.url()).endsWith(".jpg");
        assertThat(png.contentType()).isEqualTo("image/png");
        assertThat(png.url()).endsWith(".png");
        client.get()
                .uri(png.thumbnailUrl())
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentType(MediaType.IMAGE_PNG);
        assertThat(read(product.id()).images()).containsExactly(webp, png);
    }

    @Test
    void everyRefusedUploadGetsItsProblemAndStoresNothing() {
        var product = createProduct("Lamp shade", 1500, 2);
        String instance = "/api/catalog/products/" + product.id() + "/images";

        upload(product.id(), TestImages.gif(20, 20), "cat.gif", MediaType.IMAGE_GIF)
                .expectBody()
                .consumeWith(problem(415, "unsupported-media-type", instance));
        // named and declared a JPEG, it is not one: the bytes decide
        upload(
                        product.id(),
                        "<svg xmlns='http://www.w3.org/2000/svg'/>".getBytes(StandardCharsets.UTF_8),
                        "a.jpg",
                        MediaType.IMAGE_JPEG)
                .expectBody()
                .consumeWith(problem(415, "unsupported-media-type", instance));
        upload(product.id(), TestImages.pngClaiming(40_000, 40_000), "bomb.png", MediaType.IMAGE_PNG)
                .expectBody()
                .consumeWith(problem(413, "payload-too-large", instance));
        byte[] jpeg = TestImages.jpeg(64, 64);
        upload(product.id(), java.util.Arrays.copyOf(jpeg, 100), "cut.jpg", MediaType.IMAGE_JPEG)
                .expectBody()
                .consumeWith(validationOf(instance, "file"));
        upload(product.id(), new byte[5 * 1024 * 1024 + 1], "huge.jpg", MediaType.IMAGE_JPEG)
                .expectBody()
                .consumeWith(problem(413, "payload-too-large", instance));
        var noFile = new MultipartBodyBuilder();
        noFile.part("name", "no file here");
        asAdmin()
                .post()
                .uri(instance)
                .contentType(MediaType.MULTIPART_FORM_DATA)
                .body(BodyInserters.fromMultipartData(noFile.build()))
                .exchange()
                .expectBody()
                .consumeWith(validationOf(instance, "file"));
        asAdmin()
                .post()
                .uri(instance)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("file", "x"))
                .exchange()
                .expectBody()
                .consumeWith(problem(415, "unsupported-media-type", instance));
        upload(
                        client.mutate()
                                .defaultHeaders(headers -> headers.setBearerAuth(customerToken()))
                                .build(),
                        product.id(),
                        TestImages.jpeg(10, 10))
                .expectBody()
                .consumeWith(problem(403, "forbidden", instance));
        upload(client, product.id(), TestImages.jpeg(10, 10))
                .expectBody()
                .consumeWith(problem(401, "unauthorized", instance));
        UUID unknown = UUID.randomUUID();
        upload(unknown, TestImages.jpeg(10, 10), "x.jpg", MediaType.IMAGE_JPEG)
                .expectBody()
                .consumeWith(problem(404, "not-found", "/api/catalog/products/" + unknown + "/images"));

        var after = read(product.id());
        assertThat(after.images()).isEmpty();
        assertThat(after.version()).isEqualTo(product.version());
        assertThat(objects(product.id())).isEmpty();
        assertThat(objects(unknown)).isEmpty();
    }

    @Test
    void imagesAreKeptInTheOrderGivenAndAnOrderMustNameEachImageOnce() {
        var product = createProduct("Mug set", 3000, 4);
        var first = uploaded(product.id(), TestImages.jpeg(100, 100));
        var second = uploaded(product.id(), TestImages.jpeg(120, 100));
        var third = uploaded(product.id(), TestImages.jpeg(140, 100));
        String instance = "/api/catalog/products/" + product.id() + "/images/order";

        var reordered = asAdmin()
                .put()
                .uri(instance)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("imageIds", List.of(third.id(), first.id(), second.id())))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(ProductResponse.class)
                .returnResult()
                .getResponseBody();
        assertThat(Objects.requireNonNull(reordered).images()).containsExactly(third, first, second);
        assertThat(read(product.id()).images()).containsExactly(third, first, second);

        for (var bad : List.of(
                List.of(third.id(), first.id()),
                List.of(third.id(), first.id(), first.id()),
                List.of(third.id(), first.id(), UUID.randomUUID()),
                List.of(third.id(), first.id(), second.id(), UUID.randomUUID()))) {
            asAdmin()
                    .put()
                    .uri(instance)
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("imageIds", bad))
                    .exchange()
                    .expectBody()
                    .consumeWith(validationOf(instance, "imageIds"));
        }
        asAdmin()
                .put()
                .uri(instance)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("imageIds", java.util.Arrays.asList(third.id(), null, second.id())))
                .exchange()
                .expectBody()
                .consumeWith(validationOf(instance, "imageIds[1]"));
        asAdmin()
                .put()
                .uri(instance)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("imageIds", List.of("not-an-id")))
                .exchange()
                .expectBody()
                .consumeWith(problem(400, "malformed-request", instance));
        asAdmin()
                .put()
                .uri(instance)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("order", List.of()))
                .exchange()
                .expectBody()
                .consumeWith(validationOf(instance, "imageIds"));
        // a fourth image is one too many (3 in the tests)
        upload(product.id(), TestImages.jpeg(160, 100), "4.jpg", MediaType.IMAGE_JPEG)
                .expectBody()
                .consumeWith(problem(409, "conflict", "/api/catalog/products/" + product.id() + "/images"));
        assertThat(read(product.id()).images()).containsExactly(third, first, second);
        assertThat(objects(product.id())).hasSize(6);
    }

    @Test
    void aRemovedImagesObjectsAreDeletedOnceNothingCanStillBeUploadingThem() {
        var product = createProduct("Vase", 4000, 1);
        var kept = uploaded(product.id(), TestImages.jpeg(100, 80));
        var removed = uploaded(product.id(), TestImages.jpeg(80, 100));

        asAdmin()
                .delete()
                .uri("/api/catalog/products/{id}/images/{image}", product.id(), removed.id())
                .exchange()
                .expectStatus()
                .isNoContent();
        UUID unknown = UUID.randomUUID();
        asAdmin()
                .delete()
                .uri("/api/catalog/products/{id}/images/{image}", product.id(), unknown)
                .exchange()
                .expectBody()
                .consumeWith(problem(404, "not-found", "/api/catalog/products/" + product.id() + "/images/" + unknown));

        assertThat(read(product.id()).images()).containsExactly(kept);
        // the objects go once older than the orphan age (8 s here), which protects uploads still under way
        await().atMost(Duration.ofSeconds(40)).until(() -> objects(product.id()).size() == 2);
        assertThat(objects(product.id())).containsExactlyInAnyOrder(key(kept.url()), key(kept.thumbnailUrl()));
        client.get().uri(removed.url()).exchange().expectStatus().isNotFound();
        client.get().uri(kept.url()).exchange().expectStatus().isOk();
    }

    @Test
    void aDeletedProductsObjectsAreDeleted() {
        var product = createProduct("Clock", 5000, 1);
        uploaded(product.id(), TestImages.jpeg(100, 80));

        asAdmin()
                .delete()
                .uri(PRODUCTS + "/{id}", product.id())
                .exchange()
                .expectStatus()
                .isNoContent();

        await().atMost(Duration.ofSeconds(40)).until(() -> objects(product.id()).isEmpty());
    }

    @Test
    void anUploadWhoseDatabaseWriteFailsLeavesNoObjectBehind() {
        var product = createProduct("Rug", 7000, 1);
        // the product's row refuses every update: the upload's transaction fails after its objects were stored
        database.sql("create or replace function refuse_update() returns trigger language plpgsql as "
                        + "$$ begin raise exception 'refused by the test'; end $$")
                .then()
                .block();
        database.sql("create trigger refuse_" + product.id().toString().replace("-", "")
                        + " before update on product for each row when (old.id = '" + product.id()
                        + "') execute function refuse_update()")
                .then()
                .block();
        try {
            upload(product.id(), TestImages.jpeg(100, 80), "rug.jpg", MediaType.IMAGE_JPEG)
                    .expectStatus()
                    .isEqualTo(500);

            assertThat(objects(product.id())).isEmpty();
            assertThat(read(product.id()).images()).isEmpty();
        } finally {
            database.sql("drop trigger refuse_" + product.id().toString().replace("-", "") + " on product")
                    .then()
                    .block();
        }
    }

    @Test
    void aStoreThatIsDownIs503WithRetryAfterAndNothingIsWritten() {
        var product = createProduct("Chair", 9000, 1);
        var image = uploaded(product.id(), TestImages.jpeg(100, 80));
        var before = read(product.id());

        SharedLocalStack.get().objectStore().stop();

        upload(product.id(), TestImages.jpeg(90, 80), "chair.jpg", MediaType.IMAGE_JPEG)
                .expectHeader()
                .exists(HttpHeaders.RETRY_AFTER)
                .expectBody()
                .consumeWith(problem(503, "service-unavailable", "/api/catalog/products/" + product.id() + "/images"));
        client.get()
                .uri(image.url())
                .exchange()
                .expectHeader()
                .exists(HttpHeaders.RETRY_AFTER)
                .expectBody()
                .consumeWith(problem(503, "service-unavailable", image.url()));
        assertThat(read(product.id())).isEqualTo(before);

        SharedLocalStack.get().objectStore().start();
        assertThat(objects(product.id())).containsExactlyInAnyOrder(key(image.url()), key(image.thumbnailUrl()));
        uploaded(product.id(), TestImages.jpeg(90, 80));
        assertThat(objects(product.id())).hasSize(4);
    }

    @Test
    void theSweepDeletesOldObjectsNoProductRefersToAndLeavesTheOthers() {
        var product = createProduct("Shelf", 6000, 1);
        var image = uploaded(product.id(), TestImages.jpeg(100, 80));
        // what an upload that died between storing and its database write leaves behind
        UUID gone = UUID.randomUUID();
        String orphan = "products/" + gone + "/" + "a".repeat(64) + ".jpg";
        s3.putObject(put -> put.bucket(BUCKET).key(orphan), AsyncRequestBody.fromBytes(TestImages.jpeg(10, 10)))
                .join();

        await().atMost(Duration.ofSeconds(40)).until(() -> objects(gone).isEmpty());
        assertThat(objects(product.id())).containsExactlyInAnyOrder(key(image.url()), key(image.thumbnailUrl()));
    }

    @Test
    void onlyTheUrlsOfImagesAreServed() {
        for (String url : List.of(
                "/api/catalog/images/products/" + UUID.randomUUID() + "/" + "b".repeat(64) + ".jpg",
                "/api/catalog/images/products/" + UUID.randomUUID() + "/" + "b".repeat(64) + ".gif",
                "/api/catalog/images/products/not-an-id/x.jpg")) {
            client.get().uri(url).exchange().expectBody().consumeWith(problem(404, "not-found", url));
        }
        // a way out of the images' folder never reaches a handler
        for (String escape : List.of("/..", "/..%2F..%2Fsecret.jpg")) {
            client.get()
                    // as sent, not encoded again
                    .uri(java.net.URI.create(
                            "http://localhost:" + port + "/api/catalog/images/products/" + UUID.randomUUID() + escape))
                    .exchange()
                    .expectStatus()
                    .isBadRequest();
        }
    }

    private ProductResponse.Image uploaded(UUID productId, byte[] bytes) {
        return Objects.requireNonNull(upload(productId, bytes, "image", MediaType.APPLICATION_OCTET_STREAM)
                .expectStatus()
                .isCreated()
                .expectBody(ProductResponse.Image.class)
                .returnResult()
                .getResponseBody());
    }

    private WebTestClient.ResponseSpec upload(UUID productId, byte[] bytes, String filename, MediaType declared) {
        return upload(asAdmin(), productId, bytes, filename, declared);
    }

    private WebTestClient.ResponseSpec upload(WebTestClient as, UUID productId, byte[] bytes) {
        return upload(as, productId, bytes, "image.jpg", MediaType.IMAGE_JPEG);
    }

    private static WebTestClient.ResponseSpec upload(
            WebTestClient as, UUID productId, byte[] bytes, String filename, MediaType declared) {
        var form = new MultipartBodyBuilder();
        form.part("file", new ByteArrayResource(bytes) {
                    @Override
                    public String getFilename() {
                        return filename;
                    }
                })
                .contentType(declared);
        return as.post()
                .uri("/api/catalog/products/{id}/images", productId)
                .contentType(MediaType.MULTIPART_FORM_DATA)
                .body(BodyInserters.fromMultipartData(form.build()))
                .exchange();
    }

    /** The keys of the product's objects in the store, as the AWS SDK lists them. */
    private List<String> objects(UUID productId) {
        return s3
                .listObjectsV2(list -> list.bucket(BUCKET).prefix("products/" + productId + "/"))
                .join()
                .contents()
                .stream()
                .map(S3Object::key)
                .filter(key -> !key.endsWith("/")) // the local store lists a key's directories too
                .toList();
    }

    private byte[] stored(String key) {
        return s3.getObject(get -> get.bucket(BUCKET).key(key), AsyncResponseTransformer.toBytes())
                .join()
                .asByteArray();
    }

    private static String key(String url) {
        return url.substring("/api/catalog/images/".length());
    }
}
