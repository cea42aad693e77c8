/** HTTP API of stock: {@code PUT /api/catalog/products/{id}/stock}. */
@NullMarked
package dev.shop.catalog.stock.web;

import org.jspecify.annotations.NullMarked;
