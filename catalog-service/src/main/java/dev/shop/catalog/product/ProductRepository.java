package dev.shop.catalog.product;

import dev.shop.common.events.Money;
import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** SQL of the {@code product} table. Every value is a bound parameter; only fixed column names are concatenated. */
@Repository
class ProductRepository {

    private static final String COLUMNS = "id, sku, name, description, category, price_amount, price_currency, "
            + "on_hand, reserved, active, version, created_at, deleted_at, images";
    // the search sees what the public sees; the partial indexes carry the same predicate
    private static final String VISIBLE = "active and deleted_at is null";

    private static final TypeReference<List<ProductImage>> IMAGES = new TypeReference<>() {};

    private final DatabaseClient database;
    private final JsonMapper json;

    ProductRepository(DatabaseClient database, JsonMapper json) {
        this.database = database;
        this.json = json;
    }

    Mono<Product> findById(UUID id) {
        return database.sql("select " + COLUMNS + " from product where id = :id")
                .bind("id", id)
                .map(this::product)
                .one();
    }

    /** Locks the rows of {@code ids} that exist, in id order, so that concurrent lockers never deadlock. */
    Flux<Product> lockAll(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Flux.empty();
        }
        return database.sql("select " + COLUMNS + " from product where id = any(:ids) order by id for update")
                .bind("ids", ids.toArray(UUID[]::new))
                .map(this::product)
                .all();
    }

    Mono<Product> insert(UUID id, ProductDetails details, int onHand) {
        return database.sql("insert into product (id, sku, name, description, category, price_amount, "
                        + "price_currency, on_hand, reserved, active, version, created_at, updated_at) values (:id, "
                        + ":sku, :name, :description, :category, :amount, :currency, :onHand, 0, :active, 1, now(), "
                        + "now()) returning " + COLUMNS)
                .bind("id", id)
                .bind("sku", details.sku())
                .bind("name", details.name())
                .bind("description", details.description())
                .bind("category", details.category())
                .bind("amount", details.price().amount())
                .bind("currency", details.price().currency())
                .bind("onHand", onHand)
                .bind("active", details.active())
                .map(this::product)
                .one();
    }

    /** Writes {@code after} over the row, provided it is still at {@code before}'s version. */
    Mono<Product> update(Product before, Product after) {
        return database.sql("update product set sku = :sku, name = :name, description = :description, "
                        + "category = :category, price_amount = :amount, price_currency = :currency, "
                        + "on_hand = :onHand, reserved = :reserved, active = :active, version = :version, "
                        + "images = :images, updated_at = now() where id = :id and version = :expectedVersion "
                        + "returning " + COLUMNS)
                .bind("id", after.id())
                .bind("sku", after.sku())
                .bind("name", after.name())
                .bind("description", after.description())
                .bind("category", after.category())
                .bind("amount", after.price().amount())
                .bind("currency", after.price().currency())
                .bind("onHand", after.onHand())
                .bind("reserved", after.reserved())
                .bind("active", after.active())
                .bind("version", after.version())
                .bind("images", Json.of(json.writeValueAsBytes(after.images())))
                .bind("expectedVersion", before.version())
                .map(this::product)
                .one()
                .switchIfEmpty(Mono.error(
                        () -> new IllegalStateException("Product " + before.id() + " is no longer at version "
                                + before.version() + ": it must be locked before it is changed")));
    }

    /**
     * Marks the product deleted, one version on, without images (their objects are the caller's to delete); the row
     * stays for the reservations that refer to it.
     */
    Mono<Product> markDeleted(Product before) {
        return database.sql("update product set deleted_at = now(), active = false, version = version + 1, "
                        + "images = '[]', updated_at = now() where id = :id and version = :expectedVersion "
                        + "returning " + COLUMNS)
                .bind("id", before.id())
                .bind("expectedVersion", before.version())
                .map(this::product)
                .one()
                .switchIfEmpty(Mono.error(() -> new IllegalStateException(
                        "Product " + before.id() + " is no longer at version " + before.version())));
    }

    Flux<Product> search(SearchCriteria criteria) {
        var sql = "select " + COLUMNS + " from product " + where(criteria) + " order by "
                + criteria.sort().orderBy() + " limit :limit offset :offset";
        return bind(database.sql(sql), criteria)
                .bind("limit", criteria.size())
                .bind("offset", criteria.offset())
                .map(this::product)
                .all();
    }

    Mono<Long> count(SearchCriteria criteria) {
        return bind(database.sql("select count(*) as total from product " + where(criteria)), criteria)
                .map(row -> Objects.requireNonNull(row.get("total", Long.class)))
                .one();
    }

    private static String where(SearchCriteria criteria) {
        var where = new StringBuilder("where ").append(VISIBLE);
        if (criteria.text() != null) {
            where.append(" and (name ilike :pattern or description ilike :pattern)");
        }
        if (criteria.category() != null) {
            where.append(" and category = :category");
        }
        if (criteria.minPrice() != null) {
            where.append(" and price_amount >= :minPrice");
        }
        if (criteria.maxPrice() != null) {
            where.append(" and price_amount <= :maxPrice");
        }
        return where.toString();
    }

    private static DatabaseClient.GenericExecuteSpec bind(
            DatabaseClient.GenericExecuteSpec spec, SearchCriteria criteria) {
        String pattern = criteria.likePattern();
        if (pattern != null) {
            spec = spec.bind("pattern", pattern);
        }
        if (criteria.category() != null) {
            spec = spec.bind("category", criteria.category());
        }
        if (criteria.minPrice() != null) {
            spec = spec.bind("minPrice", criteria.minPrice());
        }
        if (criteria.maxPrice() != null) {
            spec = spec.bind("maxPrice", criteria.maxPrice());
        }
        return spec;
    }

    /** Those of {@code keys} that an image of a product refers to, as the image's or its thumbnail's object. */
    Flux<String> referenced(Collection<String> keys) {
        if (keys.isEmpty()) {
            return Flux.empty();
        }
        // each test is a containment query the GIN index on images answers
        return database.sql("select k from unnest(cast(:keys as text[])) as k where exists (select 1 from product "
                        + "where images @> jsonb_build_array(jsonb_build_object('key', k)) "
                        + "or images @> jsonb_build_array(jsonb_build_object('thumbnailKey', k)))")
                .bind("keys", keys.toArray(String[]::new))
                .map(row -> required(row, "k", String.class))
                .all();
    }

    private Product product(Readable row) {
        return new Product(
                required(row, "id", UUID.class),
                required(row, "sku", String.class),
                required(row, "name", String.class),
                required(row, "description", String.class),
                required(row, "category", String.class),
                new Money(required(row, "price_amount", Long.class), required(row, "price_currency", String.class)),
                required(row, "on_hand", Integer.class),
                required(row, "reserved", Integer.class),
                required(row, "active", Boolean.class),
                required(row, "version", Long.class),
                required(row, "created_at", Instant.class),
                optional(row, "deleted_at", Instant.class),
                json.readValue(required(row, "images", Json.class).asArray(), IMAGES));
    }

    private static <T> T required(Readable row, String column, Class<T> type) {
        return Objects.requireNonNull(row.get(column, type), column);
    }

    private static <T> @Nullable T optional(Readable row, String column, Class<T> type) {
        return row.get(column, type);
    }
}
