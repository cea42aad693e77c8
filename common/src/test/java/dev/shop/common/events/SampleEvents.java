package dev.shop.common.events;

import dev.shop.common.events.auth.UserRegistered;
import dev.shop.common.events.cart.CancellationReason;
import dev.shop.common.events.cart.OrderCancelled;
import dev.shop.common.events.cart.OrderConfirmed;
import dev.shop.common.events.cart.OrderPlaced;
import dev.shop.common.events.cart.PaymentRequested;
import dev.shop.common.events.catalog.ProductDeleted;
import dev.shop.common.events.catalog.ProductUpserted;
import dev.shop.common.events.catalog.StockRejected;
import dev.shop.common.events.catalog.StockReserved;
import dev.shop.common.events.payment.PaymentFailed;
import dev.shop.common.events.payment.PaymentFailureReason;
import dev.shop.common.events.payment.PaymentRefunded;
import dev.shop.common.events.payment.PaymentSucceeded;
import java.util.List;
import java.util.UUID;

/** One populated instance of every event. */
final class SampleEvents {

    static final UUID ORDER_ID = UUID.fromString("0b8f6a3e-51d4-4b7e-9d8e-2c1f0a9b7c61");
    static final UUID PRODUCT_ID = UUID.fromString("5e2d1c0b-9a8f-4e7d-8c6b-5a4f3e2d1c0b");
    static final UUID PAYMENT_ID = UUID.fromString("9c8b7a6f-5e4d-4c3b-8a2f-1e0d9c8b7a6f");
    static final String USER_ID = "f47ac10b-58cc-4372-a567-0e02b2c3d479";
    static final Money PRICE = new Money(1999, "EUR");

    private SampleEvents() {}

    static List<ShopEvent> all() {
        return List.of(
                new ProductUpserted(
                        PRODUCT_ID,
                        "SKU-1",
                        "Fountain pen",
                        PRICE,
                        12,
                        true,
                        3,
                        "/api/catalog/images/products/" + PRODUCT_ID + "/" + "c".repeat(64) + "-thumb.jpg"),
                new ProductDeleted(PRODUCT_ID, 4),
                new StockReserved(ORDER_ID, List.of(new StockReserved.Line(PRODUCT_ID, 2))),
                new StockRejected(ORDER_ID, List.of(new StockRejected.RejectedLine(PRODUCT_ID, 5, 1))),
                new OrderPlaced(
                        ORDER_ID,
                        USER_ID,
                        List.of(new OrderPlaced.Line(PRODUCT_ID, "SKU-1", "Fountain pen", 2, PRICE)),
                        PRICE.times(2)),
                new PaymentRequested(ORDER_ID, USER_ID, PRICE.times(2), "pm_card_visa"),
                new OrderConfirmed(ORDER_ID, USER_ID, PRICE.times(2)),
                new OrderCancelled(ORDER_ID, CancellationReason.PAYMENT_DECLINED),
                new PaymentSucceeded(ORDER_ID, PAYMENT_ID, PRICE.times(2)),
                new PaymentFailed(ORDER_ID, PAYMENT_ID, PaymentFailureReason.PAYMENT_DECLINED),
                new PaymentRefunded(ORDER_ID, PAYMENT_ID, PRICE.times(2)),
                new UserRegistered(USER_ID, "alice@example.com", "Alice", "Liddell"));
    }
}
