/** Checkout: turns a cart into an order once per {@code Idempotency-Key}. */
@NullMarked
package dev.shop.cart.checkout;

import org.jspecify.annotations.NullMarked;
