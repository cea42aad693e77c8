/** cart-service: carts, checkout with idempotency keys, orders, and a read model of the catalog's products. */
@NullMarked
package dev.shop.cart;

import org.jspecify.annotations.NullMarked;
