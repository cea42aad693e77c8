/**
 * The order saga: the consumers of {@code inventory.v1} and {@code payments.v1} that move orders on, the timeout job,
 * the gauge of orders by state, and the dead letters of cart-service's consumers.
 */
@NullMarked
package dev.shop.cart.saga;

import org.jspecify.annotations.NullMarked;
