/** Events published by payment-service on payments.v1. */
@NullMarked
package dev.shop.common.events.payment;

import org.jspecify.annotations.NullMarked;
