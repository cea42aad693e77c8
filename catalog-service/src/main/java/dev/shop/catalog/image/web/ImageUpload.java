package dev.shop.catalog.image.web;

import io.swagger.v3.oas.annotations.media.Schema;

/** The form of an image upload, for the API's documentation: the file, whatever its name and declared type. */
@Schema(name = "ImageUpload")
record ImageUpload(
        @Schema(type = "string", format = "binary", description = "a JPEG, PNG or WebP image")
        String file) {}
