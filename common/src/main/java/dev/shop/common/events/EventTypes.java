package dev.shop.common.events;

import dev.shop.common.events.auth.UserRegistered;
import dev.shop.common.events.cart.OrderCancelled;
import dev.shop.common.events.cart.OrderConfirmed;
import dev.shop.common.events.cart.OrderPlaced;
import dev.shop.common.events.cart.PaymentRequested;
import dev.shop.common.events.catalog.ProductDeleted;
import dev.shop.common.events.catalog.ProductUpserted;
import dev.shop.common.events.catalog.StockRejected;
import dev.shop.common.events.catalog.StockReserved;
import dev.shop.common.events.payment.PaymentFailed;
import dev.shop.common.events.payment.PaymentRefunded;
import dev.shop.common.events.payment.PaymentSucceeded;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The registry of every event: class ↔ {@code ce_type} ↔ topic ↔ {@code ce_source}. Producers look up an event's
 * type and topic here; consumers dispatch on {@code ce_type} with {@link #forType(String)}.
 */
public final class EventTypes {

    private static final String CATALOG = "catalog";
    private static final String CART = "cart";
    private static final String PAYMENT = "payment";
    private static final String AUTH = "auth";

    private static final List<EventType> ALL = List.of(
            event(ProductUpserted.class, CATALOG, Topics.CATALOG_PRODUCTS),
            event(ProductDeleted.class, CATALOG, Topics.CATALOG_PRODUCTS),
            event(StockReserved.class, CATALOG, Topics.INVENTORY),
            event(StockRejected.class, CATALOG, Topics.INVENTORY),
            event(OrderPlaced.class, CART, Topics.ORDERS),
            event(PaymentRequested.class, CART, Topics.ORDERS),
            event(OrderConfirmed.class, CART, Topics.ORDERS),
            event(OrderCancelled.class, CART, Topics.ORDERS),
            event(PaymentSucceeded.class, PAYMENT, Topics.PAYMENTS),
            event(PaymentFailed.class, PAYMENT, Topics.PAYMENTS),
            event(PaymentRefunded.class, PAYMENT, Topics.PAYMENTS),
            event(UserRegistered.class, AUTH, Topics.USERS));

    // toMap throws on a duplicate key, so a copy-paste slip in ALL fails at class initialisation
    private static final Map<Class<? extends ShopEvent>, EventType> BY_CLASS =
            ALL.stream().collect(Collectors.toUnmodifiableMap(EventType::eventClass, Function.identity()));
    private static final Map<String, EventType> BY_TYPE =
            ALL.stream().collect(Collectors.toUnmodifiableMap(EventType::type, Function.identity()));

    private EventTypes() {}

    /** Every registered event type. */
    public static List<EventType> all() {
        return ALL;
    }

    /** The event types published on {@code topic}, for a consumer that dispatches on {@code ce_type}. */
    public static List<EventType> onTopic(String topic) {
        return ALL.stream().filter(type -> type.topic().equals(topic)).toList();
    }

    /**
     * The type of a registered event class.
     *
     * @throws IllegalArgumentException if the class is not registered (a programming error)
     */
    public static EventType of(Class<? extends ShopEvent> eventClass) {
        EventType type = BY_CLASS.get(eventClass);
        if (type == null) {
            throw new IllegalArgumentException("Not a registered event: " + eventClass.getName());
        }
        return type;
    }

    /** The type of {@code event}. */
    public static EventType of(ShopEvent event) {
        return of(event.getClass());
    }

    /** The type with this {@code ce_type}, empty for an unknown (for instance newer) type. */
    public static Optional<EventType> forType(String ceType) {
        return Optional.ofNullable(BY_TYPE.get(ceType));
    }

    private static EventType event(Class<? extends ShopEvent> eventClass, String producer, String topic) {
        return new EventType(
                eventClass,
                "dev.shop." + producer + "." + eventClass.getSimpleName(),
                topic,
                "/" + producer + "-service");
    }
}
