/**
 * Order mails (confirmation, cancellation, refund): recorded with the order's change, sent over SMTP by a job, retried,
 * then marked dead.
 */
@NullMarked
package dev.shop.cart.mail;

import org.jspecify.annotations.NullMarked;
