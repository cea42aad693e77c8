/** Infrastructure of payment-service: access rules and API docs. */
@NullMarked
package dev.shop.payment.config;

import org.jspecify.annotations.NullMarked;
