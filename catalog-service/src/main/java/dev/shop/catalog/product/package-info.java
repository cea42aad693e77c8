/**
 * Products: their data, the public reads (search, get by id through the Redis cache) and the admin writes. Every
 * change of a product goes through {@link dev.shop.catalog.product.ProductChanges}, which writes its event to the
 * outbox and refreshes the cache after the commit.
 */
@NullMarked
package dev.shop.catalog.product;

import org.jspecify.annotations.NullMarked;
