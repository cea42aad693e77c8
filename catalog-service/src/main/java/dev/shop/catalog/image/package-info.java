/**
 * Product images: uploads checked, re-encoded and thumbnailed, their objects in the S3-compatible store, served with
 * long-lived caching, deleted through a queue and swept when no product refers to them.
 */
@NullMarked
package dev.shop.catalog.image;

import org.jspecify.annotations.NullMarked;
