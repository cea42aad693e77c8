package dev.shop.catalog.category;

import dev.shop.catalog.CatalogProperties;
import dev.shop.catalog.cache.CacheClient;
import dev.shop.common.tracing.InTrace;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The categories. They change only with a migration (there is no API to edit them), so the cached list is simply left
 * to expire: a new category shows after at most the cache TTL.
 */
@Service
public class Categories {

    static final String CACHE_KEY = "catalog:categories";
    private static final Logger log = LoggerFactory.getLogger(Categories.class);

    private final DatabaseClient database;
    private final CacheClient redis;
    private final JsonMapper json;
    private final CatalogProperties.Cache cache;

    Categories(DatabaseClient database, CacheClient redis, JsonMapper json, CatalogProperties properties) {
        this.database = database;
        this.redis = redis;
        this.json = json;
        this.cache = properties.cache();
    }

    /** Every category, ordered for display, as the JSON array the API returns. */
    public Mono<byte[]> allAsJson() {
        if (!cache.enabled()) {
            return loadJson();
        }
        return redis.get(CACHE_KEY)
                .onErrorResume(ex -> InTrace.run(() -> log.debug("Category cache read failed; reading PostgreSQL", ex)))
                .switchIfEmpty(Mono.defer(() -> loadJson()
                        .flatMap(bytes -> redis.set(CACHE_KEY, bytes, cache.ttl())
                                .onErrorResume(ex -> Mono.empty())
                                .thenReturn(bytes))));
    }

    /** Completes when {@code slug} is a category; fails with {@link UnknownCategory} otherwise. */
    public Mono<Void> requireExists(String slug) {
        return database.sql("select exists (select 1 from category where slug = :slug) as found")
                .bind("slug", slug)
                .map(row -> Boolean.TRUE.equals(row.get("found", Boolean.class)))
                .one()
                .flatMap(found -> found ? Mono.<Void>empty() : Mono.error(new UnknownCategory(slug)));
    }

    private Mono<byte[]> loadJson() {
        return database.sql("select slug, name from category order by position, name")
                .map(row -> new Category(row.get("slug", String.class), row.get("name", String.class)))
                .all()
                .collectList()
                .map(this::toJson);
    }

    private byte[] toJson(List<Category> categories) {
        return json.writeValueAsBytes(categories);
    }
}
