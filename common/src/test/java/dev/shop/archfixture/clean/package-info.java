/** Fixture: modules that meet only through common. */
@NullMarked
package dev.shop.archfixture.clean;

import org.jspecify.annotations.NullMarked;
