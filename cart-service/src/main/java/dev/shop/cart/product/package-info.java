/** The read model of the catalog's products, fed by {@code catalog.products.v1}. */
@NullMarked
package dev.shop.cart.product;

import org.jspecify.annotations.NullMarked;
