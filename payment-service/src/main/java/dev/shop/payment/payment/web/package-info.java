/** {@code GET /api/payments?orderId=} and {@code POST /api/payments/{id}/refund}. */
@NullMarked
package dev.shop.payment.payment.web;

import org.jspecify.annotations.NullMarked;
