package dev.shop.common.events;

/** Kafka topic names, one per producer and aggregate, versioned in the name. */
public final class Topics {

    /** catalog-service: product changes, keyed by product id. */
    public static final String CATALOG_PRODUCTS = "catalog.products.v1";

    /** cart-service: the order saga, keyed by order id. */
    public static final String ORDERS = "orders.v1";

    /** catalog-service: stock reservations for orders, keyed by order id. */
    public static final String INVENTORY = "inventory.v1";

    /** payment-service: payment outcomes, keyed by order id. */
    public static final String PAYMENTS = "payments.v1";

    /** auth-service: user registrations, keyed by user id. */
    public static final String USERS = "users.v1";

    private Topics() {}

    /** The dead-letter topic where {@code group} parks messages from {@code topic} that keep failing. */
    public static String deadLetter(String topic, String group) {
        if (topic.isBlank() || group.isBlank()) {
            throw new IllegalArgumentException("topic and group must not be blank");
        }
        return topic + "." + group + ".dlq";
    }
}
