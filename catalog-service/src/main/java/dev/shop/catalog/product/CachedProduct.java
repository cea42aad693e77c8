package dev.shop.catalog.product;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * What the cache holds for one product: its version and, when the public may see it, its JSON. An inactive or deleted
 * product is kept as a tombstone (no JSON) so that a late reader cannot put an older, visible version back. Stored
 * as {@code <version>|<json>}, so the version can be compared inside Redis without parsing JSON.
 */
public record CachedProduct(long version, byte @Nullable [] json) {

    private static final byte SEPARATOR = '|';

    public static CachedProduct of(Product product, ProductJson json) {
        return new CachedProduct(product.version(), product.visible() ? json.write(product) : null);
    }

    public boolean visible() {
        return json != null;
    }

    byte[] encode() {
        byte[] prefix = (version + "|").getBytes(StandardCharsets.US_ASCII);
        byte[] body = json == null ? new byte[0] : json;
        byte[] encoded = Arrays.copyOf(prefix, prefix.length + body.length);
        System.arraycopy(body, 0, encoded, prefix.length, body.length);
        return encoded;
    }

    /** The entry of {@code encoded}, or {@code null} for bytes that are not one (e.g. written by another version). */
    static @Nullable CachedProduct decode(byte[] encoded) {
        int separator = -1;
        for (int i = 0; i < encoded.length && i < 20; i++) {
            if (encoded[i] == SEPARATOR) {
                separator = i;
                break;
            }
        }
        if (separator <= 0) {
            return null;
        }
        long version;
        try {
            version = Long.parseLong(new String(encoded, 0, separator, StandardCharsets.US_ASCII));
        } catch (NumberFormatException ex) {
            return null;
        }
        byte[] json =
                separator == encoded.length - 1 ? null : Arrays.copyOfRange(encoded, separator + 1, encoded.length);
        return new CachedProduct(version, json);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CachedProduct that && version == that.version && Arrays.equals(json, that.json);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(version) * 31 + Arrays.hashCode(json);
    }

    @Override
    public String toString() {
        return "CachedProduct[version=" + version + ", visible=" + visible() + "]";
    }
}
