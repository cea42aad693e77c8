package dev.shop.common.problem;

import org.springframework.util.unit.DataSize;

/** A request announced a body larger than {@code shop.http.max-request-body}. */
public class RequestBodyTooLarge extends ShopException {

    public RequestBodyTooLarge(DataSize limit) {
        super(
                ProblemType.PAYLOAD_TOO_LARGE,
                "The request body is larger than the limit of " + limit.toBytes() + " bytes.");
    }
}
