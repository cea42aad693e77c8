/** Test fixture: one shared local stack per test JVM, wired into Spring tests on free ports. */
@NullMarked
package dev.shop.localstack.test;

import org.jspecify.annotations.NullMarked;
