/** Fixture packages for the ServiceBoundaries rule: each subpackage is a root with modules below it. */
@NullMarked
package dev.shop.archfixture;

import org.jspecify.annotations.NullMarked;
