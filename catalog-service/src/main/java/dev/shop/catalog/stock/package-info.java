/**
 * Stock: the admin's count of units on hand, and the reservations of orders (reserved on {@code OrderPlaced}, released
 * on {@code OrderCancelled}, sold on {@code OrderConfirmed}).
 */
@NullMarked
package dev.shop.catalog.stock;

import org.jspecify.annotations.NullMarked;
