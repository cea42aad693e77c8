/** The admin API of dead letters. */
@NullMarked
package dev.shop.cart.saga.web;

import org.jspecify.annotations.NullMarked;
