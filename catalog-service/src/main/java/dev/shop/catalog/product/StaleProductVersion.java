package dev.shop.catalog.product;

import dev.shop.common.problem.ProblemType;
import dev.shop.common.problem.ShopException;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpHeaders;

/** The {@code If-Match} of a write names a version the product no longer has. */
public class StaleProductVersion extends ShopException {

    private final long currentVersion;

    public StaleProductVersion(UUID id, long currentVersion) {
        super(
                ProblemType.STALE_VERSION,
                "Product " + id + " has changed since you read it (its ETag is now \"" + currentVersion
                        + "\"); read it again and retry.");
        this.currentVersion = currentVersion;
    }

    @Override
    public HttpHeaders headers() {
        HttpHeaders headers = new HttpHeaders();
        headers.setETag(VersionPrecondition.etag(currentVersion));
        return headers;
    }

    @Override
    public Map<String, Object> properties() {
        return Map.of("currentVersion", currentVersion);
    }
}
