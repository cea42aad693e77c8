package dev.shop.cart.product;

import dev.shop.common.events.Money;
import dev.shop.common.events.catalog.ProductDeleted;
import dev.shop.common.events.catalog.ProductUpserted;
import io.r2dbc.spi.Readable;
import java.util.Collection;
import java.util.Objects;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The {@code product} table: the catalog's products as its events describe them. Writes are single statements that
 * apply an event only when its version is newer than the row's, so redelivered, late or reordered events are harmless
 * whatever the interleaving (concurrent writers serialise on the row).
 */
@Component
public class ProductReadModel {

    private static final String COLUMNS =
            "id, sku, name, price_amount, price_currency, available_stock, active, deleted, version, image_url";

    private final DatabaseClient database;

    ProductReadModel(DatabaseClient database) {
        this.database = database;
    }

    public Mono<CatalogProduct> find(UUID id) {
        return database.sql("select " + COLUMNS + " from product where id = :id")
                .bind("id", id)
                .map(ProductReadModel::product)
                .one();
    }

    public Flux<CatalogProduct> findAll(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Flux.empty();
        }
        return database.sql("select " + COLUMNS + " from product where id = any(:ids)")
                .bind("ids", ids.toArray(UUID[]::new))
                .map(ProductReadModel::product)
                .all();
    }

    /** Applies the upsert unless the row is at this version or newer; emits whether it changed the row. */
    Mono<Boolean> apply(ProductUpserted event) {
        var upsert = database.sql("""
                        insert into product (id, sku, name, price_amount, price_currency, available_stock, active,
                                             deleted, version, image_url, updated_at)
                        values (:id, :sku, :name, :amount, :currency, :stock, :active, false, :version, :imageUrl,
                                now())
                        on conflict (id) do update set
                            sku = excluded.sku, name = excluded.name, price_amount = excluded.price_amount,
                            price_currency = excluded.price_currency, available_stock = excluded.available_stock,
                            active = excluded.active, deleted = false, version = excluded.version,
                            image_url = excluded.image_url, updated_at = now()
                        where product.version < excluded.version
                        """)
                .bind("id", event.productId())
                .bind("sku", event.sku())
                .bind("name", event.name())
                .bind("amount", event.price().amount())
                .bind("currency", event.price().currency())
                .bind("stock", event.availableStock())
                .bind("active", event.active())
                .bind("version", event.version());
        String imageUrl = event.imageUrl();
        return (imageUrl == null ? upsert.bindNull("imageUrl", String.class) : upsert.bind("imageUrl", imageUrl))
                .fetch()
                .rowsUpdated()
                .map(rows -> rows > 0);
    }

    /**
     * Marks the product deleted unless the row is at this version or newer. A deletion of a product never seen leaves
     * a tombstone, so that an older upsert arriving later cannot bring it back.
     */
    Mono<Boolean> apply(ProductDeleted event) {
        return database.sql("""
                        insert into product (id, active, deleted, version, updated_at)
                        values (:id, false, true, :version, now())
                        on conflict (id) do update set active = false, deleted = true, version = excluded.version,
                            updated_at = now()
                        where product.version < excluded.version
                        """)
                .bind("id", event.productId())
                .bind("version", event.version())
                .fetch()
                .rowsUpdated()
                .map(rows -> rows > 0);
    }

    private static CatalogProduct product(Readable row) {
        Long amount = row.get("price_amount", Long.class);
        String currency = row.get("price_currency", String.class);
        return new CatalogProduct(
                required(row, "id", UUID.class),
                row.get("sku", String.class),
                row.get("name", String.class),
                amount == null || currency == null ? null : new Money(amount, currency),
                required(row, "available_stock", Integer.class),
                required(row, "active", Boolean.class),
                required(row, "deleted", Boolean.class),
                required(row, "version", Long.class),
                row.get("image_url", String.class));
    }

    private static <T> T required(Readable row, String column, Class<T> type) {
        return Objects.requireNonNull(row.get(column, type), column);
    }
}
