/** Fixture: the service whose code is used. */
@NullMarked
package dev.shop.archfixture.violating.catalog;

import org.jspecify.annotations.NullMarked;
