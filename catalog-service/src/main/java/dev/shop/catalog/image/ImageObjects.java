package dev.shop.catalog.image;

import dev.shop.catalog.CatalogProperties;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The images' bucket in the S3-compatible object store, through the AWS SDK's async client: no call blocks a thread.
 * A store that cannot be reached, times out or answers with a 5xx fails the call with {@link ObjectStoreUnavailable}
 * (503 to a client); a refusal (403: wrong credentials) stays what it is, a fault of the deployment.
 */
@Component
public class ImageObjects {

    /** Every object's URL names its content (the SHA-256 of its bytes), so any cache may keep it for good. */
    public static final String CACHE_CONTROL = "public, max-age=31536000, immutable";

    private final S3AsyncClient s3;
    private final String bucket;

    ImageObjects(S3AsyncClient s3, CatalogProperties properties) {
        this.s3 = s3;
        this.bucket = properties.images().bucket();
    }

    /** An object as it is read: its type, length and bytes, streamed from the store as they arrive. */
    public record StoredObject(String contentType, long length, Flux<ByteBuffer> bytes) {}

    /** An object's key and when it was last written. */
    public record Listed(String key, Instant lastModified) {}

    public Mono<Void> put(String key, byte[] bytes, String contentType) {
        return call(() -> s3.putObject(
                        put -> put.bucket(bucket)
                                .key(key)
                                .contentType(contentType)
                                .cacheControl(CACHE_CONTROL),
                        AsyncRequestBody.fromBytes(bytes)))
                .then();
    }

    /** The object; empty when there is none. */
    public Mono<StoredObject> get(String key) {
        return call(() -> s3.getObject(get -> get.bucket(bucket).key(key), AsyncResponseTransformer.toPublisher()))
                .map(body -> new StoredObject(
                        body.response().contentType(), body.response().contentLength(), Flux.from(body)))
                .onErrorResume(ImageObjects::notFound, missing -> Mono.empty());
    }

    /** When the object was last written; empty when there is none. */
    public Mono<Instant> lastModified(String key) {
        return call(() -> s3.headObject(head -> head.bucket(bucket).key(key)))
                .map(head -> head.lastModified())
                .onErrorResume(ImageObjects::notFound, missing -> Mono.empty());
    }

    /** Deletes the object; deleting one that is not there succeeds too. */
    public Mono<Void> delete(String key) {
        return call(() -> s3.deleteObject(delete -> delete.bucket(bucket).key(key)))
                .then();
    }

    /** Every object whose key starts with {@code prefix}, a page of the listing at a time. */
    public Flux<Listed> list(String prefix) {
        return Flux.from(s3.listObjectsV2Paginator(list -> list.bucket(bucket).prefix(prefix))
                        .contents())
                .map(ImageObjects::listed)
                .onErrorMap(ImageObjects::unavailable, ObjectStoreUnavailable::new);
    }

    private static Listed listed(S3Object object) {
        return new Listed(object.key(), object.lastModified());
    }

    private static <T> Mono<T> call(Supplier<CompletableFuture<T>> request) {
        return Mono.fromFuture(request)
                .onErrorMap(CompletionException.class, e -> e.getCause() == null ? e : e.getCause())
                .onErrorMap(ImageObjects::unavailable, ObjectStoreUnavailable::new);
    }

    private static boolean notFound(Throwable e) {
        return e instanceof S3Exception s3 && s3.statusCode() == 404;
    }

    private static boolean unavailable(Throwable e) {
        // client exceptions: no connection, a timeout, a broken answer; not a refusal the store made on purpose
        return (e instanceof SdkClientException) || (e instanceof S3Exception s3 && s3.statusCode() >= 500);
    }
}
