/**
 * Payments of orders: recorded from {@code PaymentRequested}, charged through the provider until their outcome is
 * certain, and reported once as {@code PaymentSucceeded} or {@code PaymentFailed}.
 */
@NullMarked
package dev.shop.payment.payment;

import org.jspecify.annotations.NullMarked;
