/** HTTP API of categories: {@code GET /api/catalog/categories}. */
@NullMarked
package dev.shop.catalog.category.web;

import org.jspecify.annotations.NullMarked;
