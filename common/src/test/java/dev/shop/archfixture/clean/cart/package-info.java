/** Fixture: a service that uses only common. */
@NullMarked
package dev.shop.archfixture.clean.cart;

import org.jspecify.annotations.NullMarked;
