/**
 * The client of the payment provider's Stripe API: form-encoded requests with idempotency keys, guarded by a time
 * limiter, retries, a circuit breaker and a bulkhead.
 */
@NullMarked
package dev.shop.payment.stripe;

import org.jspecify.annotations.NullMarked;
