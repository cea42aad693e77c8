/** The Redis connection of the read cache: non-blocking from the first request on, and optional. */
@NullMarked
package dev.shop.catalog.cache;

import org.jspecify.annotations.NullMarked;
