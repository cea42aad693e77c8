/** Fixture: a service. */
@NullMarked
package dev.shop.archfixture.leakycommon.catalog;

import org.jspecify.annotations.NullMarked;
