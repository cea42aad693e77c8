/** HTTP API of the cart ({@code /api/cart}). */
@NullMarked
package dev.shop.cart.cart.web;

import org.jspecify.annotations.NullMarked;
