package dev.shop.catalog.product.web;

import dev.shop.catalog.category.Categories;
import dev.shop.catalog.product.Product;
import dev.shop.catalog.product.ProductAdministration;
import dev.shop.catalog.product.ProductPage;
import dev.shop.catalog.product.ProductQueries;
import dev.shop.catalog.product.ProductResponse;
import dev.shop.catalog.product.ProductSort;
import dev.shop.catalog.product.SearchCriteria;
import dev.shop.catalog.product.VersionPrecondition;
import dev.shop.common.apidocs.Problems;
import dev.shop.common.problem.ProblemType;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Products: public search and reads, admin writes (the role is checked by the security rules). */
@RestController
@RequestMapping("/api/catalog/products")
class ProductController {

    static final String PATH = "/api/catalog/products";

    private final ProductQueries queries;
    private final ProductAdministration administration;
    private final Categories categories;

    ProductController(ProductQueries queries, ProductAdministration administration, Categories categories) {
        this.queries = queries;
        this.administration = administration;
        this.categories = categories;
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Search active products, paged")
    @Problems(ProblemType.NOT_FOUND)
    Mono<ProductPage> search(
            // control characters are refused before this, for every parameter (common's ControlCharacterFilter)
            @RequestParam(required = false) @Size(max = 100) @Nullable String q,
            @RequestParam(required = false) @Size(max = 64) @Nullable String category,
            @RequestParam(required = false) @PositiveOrZero @Nullable Long minPrice,
            @RequestParam(required = false) @PositiveOrZero @Nullable Long maxPrice,
            @RequestParam(required = false) @Nullable String sort,
            @RequestParam(defaultValue = "0") @PositiveOrZero int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        return Mono.fromCallable(() -> new SearchCriteria(
                        q,
                        category,
                        minPrice,
                        maxPrice,
                        sort == null || sort.isBlank() ? ProductSort.DEFAULT : ProductSort.parse(sort),
                        page,
                        size))
                .flatMap(criteria -> criteria.category() == null
                        ? queries.search(criteria)
                        : categories.requireExists(criteria.category()).then(queries.search(criteria)));
    }

    @GetMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "One active product, with its version as ETag")
    @ApiResponse(
            responseCode = "200",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = ProductResponse.class)))
    @ApiResponse(responseCode = "304", description = "Not modified: If-None-Match names the product's current version")
    @Problems(ProblemType.NOT_FOUND)
    Mono<ResponseEntity<byte[]>> product(@PathVariable UUID id) {
        // the cached JSON goes out as it is: no decoding and re-encoding on the hottest path
        return queries.visibleProduct(id)
                .map(product -> ResponseEntity.ok()
                        .eTag(VersionPrecondition.etag(product.version()))
                        // may be stored, but revalidated with If-None-Match (304) before each use
                        .cacheControl(CacheControl.noCache())
                        .contentType(MediaType.APPLICATION_JSON)
                        .body(product.json()));
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Create a product (admin)", security = @SecurityRequirement(name = "bearer"))
    @ApiResponse(
            responseCode = "201",
            description = "The new product, with its version as ETag",
            headers = {
                @Header(
                        name = HttpHeaders.LOCATION,
                        description = "The product's URL",
                        schema = @Schema(type = "string")),
                @Header(
                        name = HttpHeaders.ETAG,
                        description = "The product's version",
                        schema = @Schema(type = "string"))
            },
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = ProductResponse.class)))
    @Problems({ProblemType.FORBIDDEN, ProblemType.CONFLICT})
    Mono<ResponseEntity<ProductResponse>> create(@Valid @RequestBody ProductRequest request) {
        return administration
                .create(request.details(), request.initialStock())
                .map(product -> withVersion(ResponseEntity.created(URI.create(PATH + "/" + product.id())), product));
    }

    @PutMapping(
            path = "/{id}",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Replace a product's details (admin); If-Match makes it conditional",
            security = @SecurityRequirement(name = "bearer"))
    @Problems({ProblemType.FORBIDDEN, ProblemType.NOT_FOUND, ProblemType.CONFLICT, ProblemType.STALE_VERSION})
    Mono<ResponseEntity<ProductResponse>> update(
            @PathVariable UUID id,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
            @Valid @RequestBody ProductRequest request) {
        if (request.stock() != null) {
            return Mono.error(new StockNotEditableHere());
        }
        return administration
                .revise(id, request.details(), VersionPrecondition.ifMatch(ifMatch))
                .map(product -> withVersion(ResponseEntity.ok(), product));
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Delete a product (admin)", security = @SecurityRequirement(name = "bearer"))
    @ApiResponse(responseCode = "204", description = "Deleted")
    @Problems({ProblemType.FORBIDDEN, ProblemType.NOT_FOUND, ProblemType.STALE_VERSION})
    Mono<ResponseEntity<Void>> delete(
            @PathVariable UUID id,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch) {
        return administration
                .delete(id, VersionPrecondition.ifMatch(ifMatch))
                .thenReturn(ResponseEntity.noContent().build());
    }

    static ResponseEntity<ProductResponse> withVersion(ResponseEntity.BodyBuilder response, Product product) {
        return response.eTag(VersionPrecondition.etag(product.version())).body(ProductResponse.of(product));
    }
}
