/** Fixture: the shared contracts. */
@NullMarked
package dev.shop.archfixture.clean.common;

import org.jspecify.annotations.NullMarked;
