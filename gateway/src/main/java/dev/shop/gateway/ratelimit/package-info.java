/** Rate limits on Redis: per user for authenticated calls, per client address otherwise; 429 as a problem. */
@NullMarked
package dev.shop.gateway.ratelimit;

import org.jspecify.annotations.NullMarked;
