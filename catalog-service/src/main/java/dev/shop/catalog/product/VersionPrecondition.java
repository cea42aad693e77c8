package dev.shop.catalog.product;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The {@code If-Match} of a write (RFC 9110 §13.1.1). Without the header the write is unconditional (last write
 * wins), as for a script that means to overwrite; with it, the write happens only if the product's current version
 * is one of the listed strong ETags {@code "<version>"} (or {@code *}: any existing product). Weak ETags never match
 * ({@code If-Match} compares strongly), nor does anything that is not an ETag.
 */
public final class VersionPrecondition {

    /** No {@code If-Match}: any version will do. */
    public static final VersionPrecondition NONE = new VersionPrecondition(false, false, List.of());

    private static final VersionPrecondition ANY = new VersionPrecondition(true, true, List.of());

    private final boolean conditional;
    private final boolean any;
    private final List<String> etags;

    private VersionPrecondition(boolean conditional, boolean any, List<String> etags) {
        this.conditional = conditional;
        this.any = any;
        this.etags = etags;
    }

    /** The ETag of a version: {@code "12"}. */
    public static String etag(long version) {
        return "\"" + version + "\"";
    }

    public static VersionPrecondition ifMatch(@Nullable String header) {
        if (header == null) {
            return NONE;
        }
        if (header.trim().equals("*")) {
            return ANY;
        }
        List<String> etags = new ArrayList<>();
        for (String candidate : header.split(",")) {
            String etag = candidate.trim();
            if (!etag.isEmpty()) {
                etags.add(etag);
            }
        }
        // a header present but empty or garbled matches nothing: the client asked for a condition
        return new VersionPrecondition(true, false, List.copyOf(etags));
    }

    /** Whether the write may proceed on a product at {@code version}. */
    public boolean matches(long version) {
        if (!conditional || any) {
            return true;
        }
        return etags.contains(etag(version));
    }

    /** @throws StaleProductVersion unless {@link #matches(long)} */
    public void check(UUID id, long version) {
        if (!matches(version)) {
            throw new StaleProductVersion(id, version);
        }
    }
}
