/** Redis connections a service opens at startup and keeps open itself, off the event loops. */
@NullMarked
package dev.shop.common.redis;

import org.jspecify.annotations.NullMarked;
