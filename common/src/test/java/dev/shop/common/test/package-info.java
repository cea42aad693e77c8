/** Test support that every service's tests share, shipped in common's test-jar. */
@NullMarked
package dev.shop.common.test;

import org.jspecify.annotations.NullMarked;
