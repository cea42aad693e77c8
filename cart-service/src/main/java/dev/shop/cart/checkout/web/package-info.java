/** HTTP API of checkout ({@code POST /api/cart/checkout}). */
@NullMarked
package dev.shop.cart.checkout.web;

import org.jspecify.annotations.NullMarked;
