/** Orders: the aggregate with its guarded state changes and history, and the customer's view of them. */
@NullMarked
package dev.shop.cart.order;

import org.jspecify.annotations.NullMarked;
