package dev.shop.catalog.image;

import dev.shop.common.problem.ProblemType;
import dev.shop.common.problem.ShopException;
import org.springframework.http.HttpHeaders;

/** As many uploads as the service processes at once are being processed and waiting: try again in a moment. */
public class ImagesBusy extends ShopException {

    ImagesBusy() {
        super(ProblemType.SERVICE_UNAVAILABLE, "Too many images are being processed. Retry in a moment.");
    }

    @Override
    public HttpHeaders headers() {
        return retryAfter(1);
    }

    /** Load shed on purpose. */
    @Override
    public boolean serverFault() {
        return false;
    }
}
