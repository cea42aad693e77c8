/** Events published by catalog-service on catalog.products.v1 and inventory.v1. */
@NullMarked
package dev.shop.common.events.catalog;

import org.jspecify.annotations.NullMarked;
