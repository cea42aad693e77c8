package dev.shop.catalog.stock.web;

import dev.shop.catalog.product.ProductResponse;
import dev.shop.catalog.product.VersionPrecondition;
import dev.shop.catalog.stock.StockLevels;
import dev.shop.common.apidocs.Problems;
import dev.shop.common.problem.ProblemType;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.validation.Valid;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The admin sets a product's stock on hand; the answer is the product with its new available stock. */
@RestController
class StockController {

    private final StockLevels stock;

    StockController(StockLevels stock) {
        this.stock = stock;
    }

    @PutMapping(
            path = "/api/catalog/products/{id}/stock",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Set the units on hand (admin); 409 below what is reserved",
            security = @SecurityRequirement(name = "bearer"))
    @Problems({ProblemType.FORBIDDEN, ProblemType.NOT_FOUND, ProblemType.CONFLICT, ProblemType.STALE_VERSION})
    Mono<ResponseEntity<ProductResponse>> setOnHand(
            @PathVariable UUID id,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
            @Valid @RequestBody StockRequest request) {
        return stock.setOnHand(id, Objects.requireNonNull(request.onHand()), VersionPrecondition.ifMatch(ifMatch))
                .map(product -> ResponseEntity.ok()
                        .eTag(VersionPrecondition.etag(product.version()))
                        .body(ProductResponse.of(product)));
    }
}
