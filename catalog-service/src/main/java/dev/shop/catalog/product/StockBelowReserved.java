package dev.shop.catalog.product;

import dev.shop.common.problem.ProblemType;
import dev.shop.common.problem.ShopException;
import java.util.Map;
import java.util.UUID;

/** An admin set the stock on hand below what is reserved for open orders. */
public class StockBelowReserved extends ShopException {

    private final int reserved;

    public StockBelowReserved(UUID id, int onHand, int reserved) {
        super(
                ProblemType.CONFLICT,
                "Product " + id + " has " + reserved + " units reserved for open orders; on hand cannot be " + onHand
                        + ".");
        this.reserved = reserved;
    }

    @Override
    public Map<String, Object> properties() {
        return Map.of("reserved", reserved);
    }
}
