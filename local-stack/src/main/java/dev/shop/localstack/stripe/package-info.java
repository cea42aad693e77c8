/**
 * A Stripe-compatible payment provider for the local stack and tests: PaymentIntents, refunds, idempotency keys as
 * Stripe keeps them, test payment methods, fault injection and a record of charges, on WireMock.
 */
@NullMarked
package dev.shop.localstack.stripe;

import org.jspecify.annotations.NullMarked;
