package dev.shop.gateway.routing;

import dev.shop.common.problem.ProblemType;
import dev.shop.common.problem.ShopException;

/** The service behind a route cannot be reached, or its breaker is open: 503 {@code service-unavailable}. */
public class ServiceUnavailable extends ShopException {

    public ServiceUnavailable(String detail, Throwable cause) {
        super(ProblemType.SERVICE_UNAVAILABLE, detail, cause);
    }
}
