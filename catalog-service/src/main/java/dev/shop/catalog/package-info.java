/** catalog-service: products, categories, prices, stock on hand and reserved, and the reservations of orders. */
@NullMarked
package dev.shop.catalog;

import org.jspecify.annotations.NullMarked;
