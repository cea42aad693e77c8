package dev.shop.cart.order;

import dev.shop.common.problem.ProblemType;
import dev.shop.common.problem.ShopException;
import org.springframework.http.HttpHeaders;

/** The customer has as many order streams open as they may: 429 with when to try again. */
public class TooManyOrderStreams extends ShopException {

    static final long RETRY_AFTER_SECONDS = 10;

    TooManyOrderStreams(int limit) {
        super(
                ProblemType.RATE_LIMITED,
                "You have " + limit + " order streams open; close one before you open another.");
    }

    @Override
    public HttpHeaders headers() {
        var headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER_SECONDS));
        return headers;
    }
}
