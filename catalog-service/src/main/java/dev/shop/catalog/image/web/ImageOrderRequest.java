package dev.shop.catalog.image.web;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;

/** The new order of a product's images: each of their ids once, the first the product's main image. */
record ImageOrderRequest(@NotNull @Size(max = 100) List<@NotNull UUID> imageIds) {}
