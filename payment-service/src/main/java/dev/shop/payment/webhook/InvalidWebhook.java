package dev.shop.payment.webhook;

import dev.shop.common.problem.ProblemType;
import dev.shop.common.problem.ShopException;

/** A webhook that is unsigned, badly signed, stale, or not a provider event: refused with 400, nothing changes. */
public final class InvalidWebhook extends ShopException {

    InvalidWebhook(String detail) {
        super(ProblemType.MALFORMED_REQUEST, detail);
    }
}
