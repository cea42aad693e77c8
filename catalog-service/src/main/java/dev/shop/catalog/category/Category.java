package dev.shop.catalog.category;

/**
 * A category of products, also its wire form.
 *
 * @param slug the stable identifier used in product JSON and in the {@code category} filter, e.g. {@code books}
 * @param name what a person reads, e.g. {@code Books}
 */
public record Category(String slug, String name) {}
