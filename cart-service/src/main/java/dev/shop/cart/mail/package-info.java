/** Order confirmation mails: recorded with the confirmation, sent over SMTP by a job, retried, then marked dead. */
@NullMarked
package dev.shop.cart.mail;

import org.jspecify.annotations.NullMarked;
