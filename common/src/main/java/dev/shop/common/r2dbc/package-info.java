/** Event loops of their own for the PostgreSQL connections, spread so that no loop carries them all. */
@NullMarked
package dev.shop.common.r2dbc;

import org.jspecify.annotations.NullMarked;
