package dev.shop.cart.order;

import dev.shop.common.problem.ProblemType;
import dev.shop.common.problem.ShopException;
import org.springframework.http.HttpHeaders;

/** This instance is shutting down and opens no more order streams: 503, try again (another instance) at once. */
public class OrderStreamsClosed extends ShopException {

    OrderStreamsClosed() {
        super(ProblemType.SERVICE_UNAVAILABLE, "This instance of the service is shutting down; open the stream again.");
    }

    @Override
    public HttpHeaders headers() {
        var headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, "1");
        return headers;
    }

    /** Refusing on purpose is what a shutting-down instance does, not a failure of it. */
    @Override
    public boolean serverFault() {
        return false;
    }
}
