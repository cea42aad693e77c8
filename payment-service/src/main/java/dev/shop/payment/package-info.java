/** payment-service: payments of orders against the external provider (the Stripe API), each charged once. */
@NullMarked
package dev.shop.payment;

import org.jspecify.annotations.NullMarked;
