package dev.shop.common.deadletter;

import dev.shop.common.problem.ProblemType;
import dev.shop.common.problem.ShopException;

/**
 * A replay's corrected payload is not the dead letter's event: not a valid event of its {@code ce_type}, or about
 * another aggregate than its key. Publishing it under the dead letter's {@code ce_id} would make one order's event
 * act on another, or an event of one type take another's shape.
 */
public class ReplayMismatch extends ShopException {

    public ReplayMismatch(String detail) {
        super(ProblemType.REPLAY_MISMATCH, detail);
    }
}
