/** Events published by cart-service on orders.v1. */
@NullMarked
package dev.shop.common.events.cart;

import org.jspecify.annotations.NullMarked;
