package dev.shop.catalog.product;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shop.catalog.IntegrationTestSupport;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.util.UriBuilder;

class ProductReadIntegrationTest extends IntegrationTestSupport {

    @Test
    void searchesCaseInsensitivelyInNameAndDescription() {
        var word = uniqueWord();
        var inName = createProduct("Lamp " + word.toUpperCase(), 1000, 1);
        var inDescription = createProduct(with(productBody("Desk", 2000, 1), "description", "a " + word + " inside"));
        createProduct("Unrelated " + uniqueWord(), 3000, 1);

        var page = search(uri -> uri.queryParam("q", word.substring(0, 8).toUpperCase()));

        assertThat(page.items()).extracting(ProductResponse::id).containsExactly(inDescription.id(), inName.id());
        assertThat(page.totalItems()).isEqualTo(2);
    }

    @Test
    void filtersByCategoryAndPriceRange() {
        var word = uniqueWord();
        var cheapBook = createProduct(with(productBody(word + " a", 500, 1), "category", "books"));
        var dearBook = createProduct(with(productBody(word + " b", 5000, 1), "category", "books"));
        var toy = createProduct(with(productBody(word + " c", 1500, 1), "category", "toys-games"));

        assertThat(search(uri -> uri.queryParam("q", word).queryParam("category", "books"))
                        .items())
                .extracting(ProductResponse::id)
                .containsExactly(cheapBook.id(), dearBook.id());
        assertThat(search(uri -> uri.queryParam("q", word)
                                .queryParam("minPrice", 500)
                                .queryParam("maxPrice", 1500))
                        .items())
                .extracting(ProductResponse::id)
                .containsExactly(cheapBook.id(), toy.id());
        assertThat(search(uri -> uri.queryParam("q", word)
                                .queryParam("category", "books")
                                .queryParam("minPrice", 501))
                        .items())
                .extracting(ProductResponse::id)
                .containsExactly(dearBook.id());
    }

    @Test
    void sortsByPriceNameOrCreationBothWays() {
        var word = uniqueWord();
        var first = createProduct(word + " c", 300, 1);
        var second = createProduct(word + " a", 100, 1);
        var third = createProduct(word + " b", 200, 1);

        assertThat(ids(word, "price,asc")).containsExactly(second.id(), third.id(), first.id());
        assertThat(ids(word, "price,desc")).containsExactly(first.id(), third.id(), second.id());
        assertThat(ids(word, "price")).containsExactly(second.id(), third.id(), first.id());
        assertThat(ids(word, "name,asc")).containsExactly(second.id(), third.id(), first.id());
        assertThat(ids(word, "name,desc")).containsExactly(first.id(), third.id(), second.id());
        assertThat(ids(word, "createdAt,asc")).containsExactly(first.id(), second.id(), third.id());
        assertThat(ids(word, "createdAt,desc")).containsExactly(third.id(), second.id(), first.id());
    }

    @Test
    void pagesWithTotals() {
        var word = uniqueWord();
        for (int i = 0; i < 5; i++) {
            createProduct(word + " " + i, 100 + i, 1);
        }

        var second = search(uri -> uri.queryParam("q", word)
                .queryParam("sort", "price,asc")
                .queryParam("page", 1)
                .queryParam("size", 2));
        assertThat(second.items())
                .extracting(product -> product.price().amount())
                .containsExactly(102L, 103L);
        assertThat(second)
                .extracting(ProductPage::page, ProductPage::size, ProductPage::totalItems, ProductPage::totalPages)
                .containsExactly(1, 2, 5L, 3L);

        var beyond =
                search(uri -> uri.queryParam("q", word).queryParam("page", 7).queryParam("size", 2));
        assertThat(beyond.items()).isEmpty();
        assertThat(beyond.totalItems()).isEqualTo(5);
    }

    @Test
    void treatsSqlLookingAndWildcardSearchTextAsPlainText() {
        var word = uniqueWord();
        var percent = createProduct(word + " 100% cotton", 100, 1);
        createProduct(word + " 1000 cotton", 100, 1);
        var sqlish = createProduct(word + " '; drop table product; --", 100, 1);

        assertThat(ids(word + " 100%", null)).containsExactly(percent.id());
        assertThat(search(uri -> uri.queryParam("q", word + " 1_0")).items()).isEmpty();
        assertThat(ids("'; drop table product; --", null)).contains(sqlish.id());
        assertThat(search(uri -> uri.queryParam("q", "' or '1'='1")).items()).isEmpty();
        assertThat(read(sqlish.id()).name()).isEqualTo(sqlish.name());
    }

    @Test
    void hidesInactiveAndDeletedProducts() {
        var word = uniqueWord();
        var inactive = createProduct(with(productBody(word + " inactive", 100, 1), "active", false));
        var deleted = createProduct(word + " deleted", 100, 1);
        var visible = createProduct(word + " visible", 100, 1);
        asAdmin()
                .delete()
                .uri(PRODUCTS + "/{id}", deleted.id())
                .exchange()
                .expectStatus()
                .isNoContent();

        assertThat(ids(word, null)).containsExactly(visible.id());
        for (var hidden : List.of(inactive.id(), deleted.id())) {
            client.get()
                    .uri(PRODUCTS + "/{id}", hidden)
                    .exchange()
                    .expectBody()
                    .consumeWith(problem(404, "not-found", PRODUCTS + "/" + hidden));
        }
    }

    @Test
    void readsAProductWithItsVersionAsETagAndAvailableStock() {
        var product = createProduct("Kettle " + uniqueWord(), 4999, 7);

        var etag = client.get()
                .uri(PRODUCTS + "/{id}", product.id())
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals(HttpHeaders.ETAG, "\"1\"")
                .expectHeader()
                .valueEquals(HttpHeaders.CACHE_CONTROL, "no-cache")
                .expectBody()
                .jsonPath("$.id")
                .isEqualTo(product.id().toString())
                .jsonPath("$.sku")
                .isEqualTo(product.sku())
                .jsonPath("$.category")
                .isEqualTo("books")
                .jsonPath("$.price.amount")
                .isEqualTo(4999)
                .jsonPath("$.price.currency")
                .isEqualTo("EUR")
                .jsonPath("$.stock")
                .isEqualTo(7)
                .jsonPath("$.version")
                .isEqualTo(1)
                .returnResult()
                .getResponseHeaders()
                .getETag();

        client.get()
                .uri(PRODUCTS + "/{id}", product.id())
                .ifNoneMatch(Objects.requireNonNull(etag))
                .exchange()
                .expectStatus()
                .isNotModified();
    }

    @Test
    void answersHeadLikeGetWithoutATokenAndWithoutABody() {
        var product = createProduct("Teapot " + uniqueWord(), 2599, 3);
        for (String uri :
                new String[] {PRODUCTS + "/" + product.id(), PRODUCTS + "?size=1", "/api/catalog/categories"}) {
            client.head().uri(uri).exchange().expectStatus().isOk().expectBody().isEmpty();
        }
        client.head()
                .uri(PRODUCTS + "/{id}", product.id())
                .exchange()
                .expectHeader()
                .valueEquals(HttpHeaders.ETAG, "\"1\"");
        client.head()
                .uri(PRODUCTS + "/{id}", UUID.randomUUID())
                .exchange()
                .expectStatus()
                .isNotFound();
    }

    @Test
    void answersNotFoundForAnUnknownIdAndValidationForAMalformedOne() {
        var unknown = UUID.randomUUID();
        client.get()
                .uri(PRODUCTS + "/{id}", unknown)
                .exchange()
                .expectBody()
                .consumeWith(problem(404, "not-found", PRODUCTS + "/" + unknown));
        client.get()
                .uri(PRODUCTS + "/not-a-uuid")
                .exchange()
                .expectBody()
                .consumeWith(validationOf(PRODUCTS + "/not-a-uuid", "id"));
    }

    @Test
    void listsTheCategories() {
        client.get()
                .uri("/api/catalog/categories")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.length()")
                .isEqualTo(5)
                .jsonPath("$[0].slug")
                .isEqualTo("electronics")
                .jsonPath("$[?(@.slug == 'home-kitchen')].name")
                .isEqualTo("Home & Kitchen");
    }

    @ParameterizedTest(name = "{0}={1} → 400 naming {2}")
    @CsvSource({
        "page, -1, page",
        "page, abc, page",
        "size, 0, size",
        "size, 101, size",
        "sort, popularity, sort",
        "sort, 'price,up', sort",
        "sort, 'price,asc,name', sort",
        "category, no-such-category, category",
        "minPrice, -1, minPrice",
        "maxPrice, -5, maxPrice",
        "minPrice, ten, minPrice",
    })
    void rejectsABadSearchParameterNamingIt(String parameter, String value, String field) {
        client.get()
                .uri(uri -> uri.path(PRODUCTS).queryParam(parameter, value).build())
                .exchange()
                .expectBody()
                .consumeWith(validationOf(PRODUCTS, field));
    }

    @Test
    void rejectsAPriceRangeUpsideDown() {
        client.get()
                .uri(uri -> uri.path(PRODUCTS)
                        .queryParam("minPrice", 500)
                        .queryParam("maxPrice", 100)
                        .build())
                .exchange()
                .expectBody()
                .consumeWith(validationOf(PRODUCTS, "minPrice"));
    }

    @Test
    void rejectsSearchTextWithControlCharacters() {
        // a NUL was trimmed away and the search answered with every product
        for (String text : new String[] {"\u0000", "lamp\u0000", "desk\nlamp"}) {
            client.get()
                    .uri(uri -> uri.path(PRODUCTS).queryParam("q", text).build())
                    .exchange()
                    .expectBody()
                    .consumeWith(validationOf(PRODUCTS, "q"));
        }
    }

    @Test
    void rejectsSearchTextLongerThanAHundredCharactersEvenTenThousand() {
        for (int length : new int[] {101, 10_000}) {
            client.get()
                    .uri(uri -> uri.path(PRODUCTS)
                            .queryParam("q", "x".repeat(length))
                            .build())
                    .exchange()
                    .expectBody()
                    .consumeWith(validationOf(PRODUCTS, "q"));
        }
        client.get()
                .uri(uri -> uri.path(PRODUCTS).queryParam("q", "x".repeat(100)).build())
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.OK);
    }

    private ProductPage search(Function<UriBuilder, UriBuilder> query) {
        return Objects.requireNonNull(client.get()
                .uri(uri -> query.apply(uri.path(PRODUCTS)).build())
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(ProductPage.class)
                .returnResult()
                .getResponseBody());
    }

    private List<UUID> ids(String q, String sort) {
        return search(uri -> {
                    uri.queryParam("q", q);
                    return sort == null ? uri : uri.queryParam("sort", sort);
                })
                .items()
                .stream()
                .map(ProductResponse::id)
                .toList();
    }

    private static Map<String, Object> with(Map<String, Object> body, String field, Object value) {
        var copy = new HashMap<>(body);
        copy.put(field, value);
        return copy;
    }
}
