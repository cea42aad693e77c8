/** Fixture: a service that uses only common. */
@NullMarked
package dev.shop.archfixture.clean.catalog;

import org.jspecify.annotations.NullMarked;
