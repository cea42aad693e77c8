package dev.shop.common.deadletter;

import dev.shop.common.problem.ProblemType;
import dev.shop.common.problem.ShopException;

/** No dead letter has this id (or the id is not one: {@code <dead-letter topic>-<partition>-<offset>}). */
public class DeadLetterNotFound extends ShopException {

    public DeadLetterNotFound(String id) {
        super(ProblemType.NOT_FOUND, "There is no dead letter " + id + " on this service's dead-letter topics.");
    }
}
