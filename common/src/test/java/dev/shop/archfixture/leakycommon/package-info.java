/** Fixture: a common module that depends on a service. */
@NullMarked
package dev.shop.archfixture.leakycommon;

import org.jspecify.annotations.NullMarked;
