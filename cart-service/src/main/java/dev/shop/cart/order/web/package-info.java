/** HTTP API of orders ({@code /api/orders}). */
@NullMarked
package dev.shop.cart.order.web;

import org.jspecify.annotations.NullMarked;
