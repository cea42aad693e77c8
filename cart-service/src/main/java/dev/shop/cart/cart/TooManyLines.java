package dev.shop.cart.cart;

import dev.shop.common.problem.ProblemType;
import dev.shop.common.problem.ShopException;
import java.util.Map;

/** The cart already holds as many different products as it may; a new one does not fit. */
public class TooManyLines extends ShopException {

    private final int maxLines;

    TooManyLines(int maxLines) {
        super(
                ProblemType.CONFLICT,
                "A cart holds at most " + maxLines + " different products; remove one before adding another.");
        this.maxLines = maxLines;
    }

    @Override
    public Map<String, Object> properties() {
        return Map.of("maxLines", maxLines);
    }
}
