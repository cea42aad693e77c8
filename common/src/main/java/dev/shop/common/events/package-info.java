/** Event contracts shared by every service: the Money value, the event type registry and CloudEvents headers. */
@NullMarked
package dev.shop.common.events;

import org.jspecify.annotations.NullMarked;
