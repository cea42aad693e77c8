/** Fixture: a service that reaches into another service. */
@NullMarked
package dev.shop.archfixture.violating;

import org.jspecify.annotations.NullMarked;
