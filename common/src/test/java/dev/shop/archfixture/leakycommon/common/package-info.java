/** Fixture: common that wrongly uses a service. */
@NullMarked
package dev.shop.archfixture.leakycommon.common;

import org.jspecify.annotations.NullMarked;
