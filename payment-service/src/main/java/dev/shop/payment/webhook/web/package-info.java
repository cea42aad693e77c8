/** {@code POST /api/payments/webhook}: the provider's endpoint, public, authenticated by its signature. */
@NullMarked
package dev.shop.payment.webhook.web;

import org.jspecify.annotations.NullMarked;
