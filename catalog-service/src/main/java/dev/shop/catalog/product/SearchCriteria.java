package dev.shop.catalog.product;

import org.jspecify.annotations.Nullable;

/**
 * A product search: every criterion is optional, combined with "and".
 *
 * @param text matched case-insensitively anywhere in the name or description, as plain text
 * @param category a category slug
 * @param minPrice lowest price in minor units, inclusive
 * @param maxPrice highest price in minor units, inclusive
 * @param page zero-based
 * @param size 1..100
 */
public record SearchCriteria(
        @Nullable String text,
        @Nullable String category,
        @Nullable Long minPrice,
        @Nullable Long maxPrice,
        ProductSort sort,
        int page,
        int size) {

    public SearchCriteria {
        if (text != null && text.isBlank()) {
            text = null;
        }
        if (category != null && category.isBlank()) {
            category = null;
        }
        if (minPrice != null && maxPrice != null && minPrice > maxPrice) {
            throw new InvalidSearch("minPrice", "must not be greater than maxPrice");
        }
    }

    long offset() {
        return (long) page * size;
    }

    /** The LIKE pattern for {@link #text}: its own {@code %}, {@code _} and {@code \} match themselves. */
    @Nullable
    String likePattern() {
        return text == null ? null : "%" + escapeLike(text.trim()) + "%";
    }

    static String escapeLike(String text) {
        // backslash is PostgreSQL's default LIKE escape character
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
