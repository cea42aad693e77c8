/** Carts: one per customer, lines at the read model's current prices. */
@NullMarked
package dev.shop.cart.cart;

import org.jspecify.annotations.NullMarked;
