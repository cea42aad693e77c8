package dev.shop.catalog.image.web;

import dev.shop.catalog.CatalogProperties;
import dev.shop.catalog.image.ImageNotFound;
import dev.shop.catalog.image.ImageRefused;
import dev.shop.catalog.image.ProductImages;
import dev.shop.catalog.product.ProductResponse;
import dev.shop.catalog.product.VersionPrecondition;
import dev.shop.common.apidocs.Problems;
import dev.shop.common.problem.ProblemType;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.validation.Valid;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.multipart.FilePart;
import org.springframework.http.codec.multipart.Part;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Product images: upload, delete and order them (admin), and read them (public). An image is served here, through the
 * gateway, rather than from the store by a presigned URL: the store stays private (no public bucket, no credentials
 * in URLs), the URL stays the same for good (a presigned one expires within days, which long caching and the cached
 * product JSON would outlive), and it is on the shop's own origin. Each URL names its content, so the answer may be
 * cached for a year ({@code immutable}) and a revalidation is a 304 that never reaches the store.
 */
@RestController
class ImageController {

    private static final String IMAGES = "/api/catalog/products/{id}/images";
    private static final CacheControl FOR_GOOD =
            CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable();

    private final ProductImages images;
    private final long maxBytes;

    ImageController(ProductImages images, CatalogProperties properties) {
        this.images = images;
        this.maxBytes = properties.images().maxBytes().toBytes();
    }

    @PostMapping(
            path = IMAGES,
            consumes = MediaType.MULTIPART_FORM_DATA_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Add an image to a product (admin): JPEG, PNG or WebP in the form field file, at most 5 MB and"
                    + " 4000 x 4000 pixels; kept re-encoded without metadata, with a 400 px wide thumbnail",
            security = @SecurityRequirement(name = "bearer"))
    @ApiResponse(
            responseCode = "201",
            description = "The new image, last of the product's",
            headers =
                    @Header(
                            name = HttpHeaders.LOCATION,
                            description = "The image's URL",
                            schema = @Schema(type = "string")),
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = ProductResponse.Image.class)))
    @ApiResponse(responseCode = "200", description = "The product has this image already (the same bytes): that one")
    @Problems({
        ProblemType.VALIDATION,
        ProblemType.FORBIDDEN,
        ProblemType.NOT_FOUND,
        ProblemType.CONFLICT,
        ProblemType.PAYLOAD_TOO_LARGE,
        ProblemType.UNSUPPORTED_MEDIA_TYPE,
        ProblemType.SERVICE_UNAVAILABLE
    })
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            content =
                    @Content(
                            mediaType = MediaType.MULTIPART_FORM_DATA_VALUE,
                            schema = @Schema(implementation = ImageUpload.class)))
    Mono<ResponseEntity<ProductResponse.Image>> upload(
            @PathVariable UUID id, @RequestBody Mono<MultiValueMap<String, Part>> form) {
        return form.flatMap(parts -> parts.getFirst("file") instanceof FilePart file
                        ? Mono.just(file)
                        : Mono.error(ImageRefused.missingFile()))
                .flatMap(file -> DataBufferUtils.join(file.content(), Math.toIntExact(maxBytes + 1)))
                .onErrorMap(DataBufferLimitException.class, tooLarge -> ImageRefused.tooManyBytes(maxBytes))
                .map(ImageController::bytes)
                .flatMap(bytes -> images.upload(id, bytes))
                .map(uploaded -> {
                    var image = ProductResponse.Image.of(uploaded.image());
                    var response = uploaded.created()
                            ? ResponseEntity.created(URI.create(image.url()))
                            : ResponseEntity.ok().location(URI.create(image.url()));
                    return response.eTag(
                                    VersionPrecondition.etag(uploaded.product().version()))
                            .body(image);
                });
    }

    @DeleteMapping(IMAGES + "/{imageId}")
    @Operation(
            summary = "Remove an image from a product (admin); its files are deleted afterwards",
            security = @SecurityRequirement(name = "bearer"))
    @ApiResponse(responseCode = "204", description = "Removed")
    @Problems({ProblemType.FORBIDDEN, ProblemType.NOT_FOUND})
    Mono<ResponseEntity<Void>> remove(@PathVariable UUID id, @PathVariable UUID imageId) {
        return images.remove(id, imageId).thenReturn(ResponseEntity.noContent().build());
    }

    @PutMapping(
            path = IMAGES + "/order",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Put a product's images in an order (admin): each of their ids once, the main image first",
            security = @SecurityRequirement(name = "bearer"))
    @ApiResponse(
            responseCode = "200",
            description = "The product, with its version as ETag",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = ProductResponse.class)))
    @Problems({ProblemType.VALIDATION, ProblemType.FORBIDDEN, ProblemType.NOT_FOUND})
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = ImageOrderRequest.class),
                            examples =
                                    @ExampleObject(
                                            value = "{\"imageIds\": [\"0b9e5d6c-1f2a-4e3b-9c8d-7a6b5c4d3e2f\","
                                                    + " \"5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d\"]}")))
    Mono<ResponseEntity<ProductResponse>> reorder(
            @PathVariable UUID id, @Valid @RequestBody ImageOrderRequest request) {
        return images.reorder(id, request.imageIds())
                .map(product -> ResponseEntity.ok()
                        .eTag(VersionPrecondition.etag(product.version()))
                        .body(ProductResponse.of(product)));
    }

    @GetMapping(path = "/api/catalog/images/products/{productId}/{file}")
    @Operation(summary = "An image or thumbnail, as a product's images list it; cacheable for a year")
    @ApiResponse(
            responseCode = "200",
            content = {
                @Content(mediaType = "image/jpeg", schema = @Schema(type = "string", format = "binary")),
                @Content(mediaType = "image/png", schema = @Schema(type = "string", format = "binary"))
            })
    @ApiResponse(responseCode = "304", description = "Not modified: If-None-Match names this image", content = @Content)
    @Problems({ProblemType.NOT_FOUND, ProblemType.SERVICE_UNAVAILABLE})
    Mono<ResponseEntity<Flux<DataBuffer>>> image(
            @PathVariable String productId, @PathVariable String file, ServerWebExchange exchange) {
        String key = "products/" + productId + "/" + file;
        if (!images.servable(key)) {
            return Mono.error(ImageNotFound.atUrl());
        }
        // the name is the content's hash: a client that has this name has these bytes, without asking the store
        String etag = "\"" + file + "\"";
        if (exchange.checkNotModified(etag)) {
            return Mono.just(ResponseEntity.status(HttpStatus.NOT_MODIFIED)
                    .eTag(etag)
                    .cacheControl(FOR_GOOD)
                    .build());
        }
        return images.read(key)
                .map(stored -> ResponseEntity.ok()
                        .contentType(MediaType.parseMediaType(stored.contentType()))
                        .contentLength(stored.length())
                        .eTag(etag)
                        .cacheControl(FOR_GOOD)
                        .body(stored.bytes().<DataBuffer>map(DefaultDataBufferFactory.sharedInstance::wrap)))
                .switchIfEmpty(Mono.error(ImageNotFound::atUrl));
    }

    private static byte[] bytes(DataBuffer joined) {
        try {
            byte[] bytes = new byte[joined.readableByteCount()];
            joined.read(bytes);
            return bytes;
        } finally {
            DataBufferUtils.release(joined);
        }
    }
}
