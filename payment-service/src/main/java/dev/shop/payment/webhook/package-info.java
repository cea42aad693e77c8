/**
 * The provider's webhooks: signature verified over the raw bytes before anything is parsed, events de-duplicated by
 * their id, and payments reconciled through the same conditional updates as the provider's answers.
 */
@NullMarked
package dev.shop.payment.webhook;

import org.jspecify.annotations.NullMarked;
