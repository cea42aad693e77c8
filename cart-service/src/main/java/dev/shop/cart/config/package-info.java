/** Infrastructure of cart-service: access rules, API docs, the clock, start-up warm-ups. */
@NullMarked
package dev.shop.cart.config;

import org.jspecify.annotations.NullMarked;
