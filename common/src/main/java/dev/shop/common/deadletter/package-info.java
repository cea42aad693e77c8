/** The dead-letter admin every consuming service has: its dead letters listed and replayed, each replay audited. */
@NullMarked
package dev.shop.common.deadletter;

import org.jspecify.annotations.NullMarked;
