/** Fixture: the shared contracts. */
@NullMarked
package dev.shop.archfixture.violating.common;

import org.jspecify.annotations.NullMarked;
