package dev.shop.catalog.product;

import dev.shop.common.events.Money;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A product as stored. {@code version} grows with every change a client can see (its details, price, activity,
 * available stock); it is the ETag and the version of its events. A sale leaves it alone: on hand and reserved drop
 * together, so the available stock shown does not change.
 *
 * @param onHand units in the warehouse
 * @param reserved units held for orders not yet paid; never more than {@code onHand}
 * @param deletedAt when an admin deleted it; the row stays for the reservations of open orders
 * @param images in the order the public sees them
 */
public record Product(
        UUID id,
        String sku,
        String name,
        String description,
        String category,
        Money price,
        int onHand,
        int reserved,
        boolean active,
        long version,
        Instant createdAt,
        @Nullable Instant deletedAt,
        List<ProductImage> images) {

    public Product {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(sku, "sku");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(price, "price");
        images = List.copyOf(images);
        if (onHand < 0 || reserved < 0 || reserved > onHand) {
            throw new IllegalArgumentException(
                    "stock must satisfy 0 <= reserved <= onHand: onHand=" + onHand + ", reserved=" + reserved);
        }
    }

    /** What can still be ordered: on hand minus reserved. */
    public int available() {
        return onHand - reserved;
    }

    /** Whether the public sees it: active and not deleted. */
    public boolean visible() {
        return active && deletedAt == null;
    }

    public boolean deleted() {
        return deletedAt != null;
    }

    /** The admin replaced its details. */
    public Product revise(ProductDetails details) {
        return new Product(
                id,
                details.sku(),
                details.name(),
                details.description(),
                details.category(),
                details.price(),
                onHand,
                reserved,
                details.active(),
                version + 1,
                createdAt,
                deletedAt,
                images);
    }

    /**
     * The admin counted the warehouse.
     *
     * @throws StockBelowReserved when fewer units than are reserved for open orders would remain
     */
    public Product restock(int newOnHand) {
        if (newOnHand < reserved) {
            throw new StockBelowReserved(id, newOnHand, reserved);
        }
        return withStock(newOnHand, reserved, version + 1);
    }

    /** The same product with these images, in this order: a change the public sees, so a new version. */
    public Product withImages(List<ProductImage> newImages) {
        return new Product(
                id,
                sku,
                name,
                description,
                category,
                price,
                onHand,
                reserved,
                active,
                version + 1,
                createdAt,
                deletedAt,
                newImages);
    }

    /** Units set aside for an order; the caller checked {@link #available()}. */
    public Product reserve(int quantity) {
        if (quantity <= 0 || quantity > available()) {
            throw new IllegalArgumentException("cannot reserve " + quantity + " of " + available() + " available");
        }
        return withStock(onHand, reserved + quantity, version + 1);
    }

    /** A reservation given back: the order was cancelled. */
    public Product release(int quantity) {
        return withStock(onHand, reserved - quantity, version + 1);
    }

    /** A reservation turned into a sale: the units leave the warehouse. The available stock does not change. */
    public Product sell(int quantity) {
        return withStock(onHand - quantity, reserved - quantity, version);
    }

    private Product withStock(int newOnHand, int newReserved, long newVersion) {
        return new Product(
                id,
                sku,
                name,
                description,
                category,
                price,
                newOnHand,
                newReserved,
                active,
                newVersion,
                createdAt,
                deletedAt,
                images);
    }
}
