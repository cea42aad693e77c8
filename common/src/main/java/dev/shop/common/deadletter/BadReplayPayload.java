package dev.shop.common.deadletter;

import dev.shop.common.problem.ProblemType;
import dev.shop.common.problem.ShopException;
import java.util.List;
import java.util.Map;

/** A replay's corrected payload that is not a JSON object. */
public class BadReplayPayload extends ShopException {

    public BadReplayPayload() {
        super(ProblemType.VALIDATION, "The corrected payload must be a JSON object (the event).");
    }

    @Override
    public Map<String, Object> properties() {
        return Map.of("errors", List.of(Map.of("field", "payload", "message", "must be a JSON object")));
    }
}
