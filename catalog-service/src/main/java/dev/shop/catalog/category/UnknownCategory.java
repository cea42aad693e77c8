package dev.shop.catalog.category;

import dev.shop.common.problem.RejectedValue;

/** A request named a category that does not exist. */
public class UnknownCategory extends RejectedValue {

    public UnknownCategory(String slug) {
        super("category", "unknown category '" + abbreviate(slug) + "'; see /api/catalog/categories");
    }

    private static String abbreviate(String slug) {
        return slug.length() <= 64 ? slug : slug.substring(0, 64) + "…";
    }
}
