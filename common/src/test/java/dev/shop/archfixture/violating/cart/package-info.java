/** Fixture: the service that wrongly uses catalog's code. */
@NullMarked
package dev.shop.archfixture.violating.cart;

import org.jspecify.annotations.NullMarked;
