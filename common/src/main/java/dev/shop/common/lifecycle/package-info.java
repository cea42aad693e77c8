/** Background work a service runs while it is up. */
@NullMarked
package dev.shop.common.lifecycle;

import org.jspecify.annotations.NullMarked;
