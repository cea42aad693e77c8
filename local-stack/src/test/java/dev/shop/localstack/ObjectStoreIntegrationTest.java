package dev.shop.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The local object store as the official AWS SDK's async client sees it: signed requests, put, read, list, delete. */
class ObjectStoreIntegrationTest {

    @Test
    void storesReadsListsAndDeletesObjectsOfSignedRequestsAndKeepsThemAcrossARestart(@TempDir Path dir) {
        var config = configIn(dir);
        try (var store = new ObjectStore(config);
                var s3 = client(store, ObjectStore.SECRET_KEY)) {
            store.start();
            byte[] bytes = "an image, say".getBytes(StandardCharsets.UTF_8);

            s3.putObject(
                            put -> put.bucket(ObjectStore.BUCKET)
                                    .key("products/p1/abc.jpg")
                                    .contentType("image/jpeg")
                                    .cacheControl("public, max-age=31536000, immutable"),
                            AsyncRequestBody.fromBytes(bytes))
                    .join();

            var read = s3.getObject(
                            get -> get.bucket(ObjectStore.BUCKET).key("products/p1/abc.jpg"),
                            AsyncResponseTransformer.toBytes())
                    .join();
            assertThat(read.asByteArray()).isEqualTo(bytes);
            assertThat(read.response().contentType()).isEqualTo("image/jpeg");
            assertThat(read.response().cacheControl()).isEqualTo("public, max-age=31536000, immutable");
            assertThat(Files.exists(store.dataDir().resolve(ObjectStore.BUCKET).resolve("products/p1/abc.jpg")))
                    .as("a file of the filesystem blob store")
                    .isTrue();

            store.stop();
            store.start();
            List<S3Object> listed = s3.listObjectsV2(
                            list -> list.bucket(ObjectStore.BUCKET).prefix("products/"))
                    .join()
                    .contents();
            // the filesystem store lists the directories of a key's path too, as keys ending in "/"
            assertThat(listed)
                    .extracting(S3Object::key)
                    .filteredOn(key -> !key.endsWith("/"))
                    .containsExactly("products/p1/abc.jpg");
            assertThat(listed)
                    .filteredOn(object -> object.key().equals("products/p1/abc.jpg"))
                    .singleElement()
                    .satisfies(object -> assertThat(object.lastModified()).isNotNull());

            s3.deleteObject(delete -> delete.bucket(ObjectStore.BUCKET).key("products/p1/abc.jpg"))
                    .join();
            assertThatThrownBy(() -> s3.headObject(
                                    head -> head.bucket(ObjectStore.BUCKET).key("products/p1/abc.jpg"))
                            .join())
                    .isInstanceOf(CompletionException.class)
                    .cause()
                    .isInstanceOf(NoSuchKeyException.class);
        }
    }

    @Test
    void refusesARequestSignedWithAnotherSecret(@TempDir Path dir) {
        var config = configIn(dir);
        try (var store = new ObjectStore(config);
                var s3 = client(store, "not-the-secret")) {
            store.start();

            assertThatThrownBy(() -> s3.putObject(
                                    put -> put.bucket(ObjectStore.BUCKET).key("x"), AsyncRequestBody.fromString("x"))
                            .join())
                    .cause()
                    .isInstanceOfSatisfying(
                            S3Exception.class,
                            refused -> assertThat(refused.statusCode()).isEqualTo(403));
        }
        assertThat(Ports.isFree(config.objectStorePort()))
                .as("stopped when closed")
                .isTrue();
    }

    private static S3AsyncClient client(ObjectStore store, String secret) {
        return S3AsyncClient.builder()
                .endpointOverride(URI.create(store.endpoint()))
                .forcePathStyle(true)
                .region(Region.of(ObjectStore.REGION))
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create(ObjectStore.ACCESS_KEY, secret)))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
    }

    private static StackConfig configIn(Path dir) {
        return new StackConfig(
                dir,
                true,
                Ports.free(),
                Ports.free(),
                Ports.free(),
                Ports.free(),
                false,
                Ports.free(),
                Ports.free(),
                dir.resolve("keycloak"),
                List.of(),
                List.of(),
                false,
                Ports.free(),
                false,
                Ports.free(),
                Ports.free(),
                true,
                Ports.free());
    }
}
