package dev.shop.catalog.image;

import dev.shop.common.problem.ProblemType;
import dev.shop.common.problem.ShopException;
import org.springframework.http.HttpHeaders;

/** The object store did not answer, or answered that it failed: nothing was written, the client may try again. */
public class ObjectStoreUnavailable extends ShopException {

    ObjectStoreUnavailable(Throwable cause) {
        super(ProblemType.SERVICE_UNAVAILABLE, "The image store is unavailable for a moment. Retry later.", cause);
    }

    @Override
    public HttpHeaders headers() {
        return retryAfter(5);
    }

    /** An outage of a store the service depends on, not a fault of its own: logged without a stack trace. */
    @Override
    public boolean serverFault() {
        return false;
    }
}
