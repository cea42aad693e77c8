package dev.shop.catalog;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of catalog-service ({@code catalog.*}).
 *
 * @param cache the Redis read cache of products and categories
 * @param images the product images and the object store that holds them
 */
@ConfigurationProperties("catalog")
public record CatalogProperties(
        @DefaultValue Cache cache, @DefaultValue Images images) {

    /**
     * @param enabled whether reads go through Redis at all (off: every read hits PostgreSQL, e.g. for a benchmark)
     * @param ttl how long an entry lives; bounds how long a value whose refresh failed (Redis away) can be served
     */
    public record Cache(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("30s") Duration ttl) {}

    /**
     * @param bucket the object store's bucket of the images
     * @param endpoint an S3-compatible store's address; none or empty: Amazon S3 of {@code region}
     * @param region the region requests are signed for
     * @param pathStyleAccess {@code <endpoint>/<bucket>/<key>} rather than {@code <bucket>.<endpoint>/<key>} (most
     *     S3-compatible stores)
     * @param accessKey with {@code secretKey}, the store's credentials; none: the AWS SDK's default chain (environment,
     *     profile, instance or pod role)
     * @param timeout the longest a call to the store may take, retries included
     * @param maxBytes the largest upload accepted
     * @param maxSide the largest width and height accepted, read from the image's header before it is decoded
     * @param thumbnailWidth the thumbnail's width (an image narrower than that is its own thumbnail's size)
     * @param maxPerProduct how many images a product may have
     * @param deletionInterval how often the deletion job looks for objects to delete, at the latest
     * @param retryBackoff the pause after a failed deletion, doubling with each failure
     * @param orphanAge how old an object no product refers to must be before it is deleted: an upload stores its
     *     objects before its database write, and this protects them in between
     * @param sweepInterval how often every object of the bucket is checked for a product that refers to it
     * @param demo whether every product without an image gets one drawn at start (the demo catalog of
     *     {@code ./shop up})
     */
    public record Images(
            @DefaultValue("shop-images") String bucket,
            @Nullable String endpoint,
            @DefaultValue("us-east-1") String region,
            @DefaultValue("false") boolean pathStyleAccess,
            @Nullable String accessKey,
            @Nullable String secretKey,
            @DefaultValue("10s") Duration timeout,
            @DefaultValue("5MB") DataSize maxBytes,
            @DefaultValue("4000") int maxSide,
            @DefaultValue("400") int thumbnailWidth,
            @DefaultValue("10") int maxPerProduct,
            @DefaultValue("10s") Duration deletionInterval,
            @DefaultValue("10s") Duration retryBackoff,
            @DefaultValue("1h") Duration orphanAge,
            @DefaultValue("1h") Duration sweepInterval,
            @DefaultValue("false") boolean demo) {}
}
