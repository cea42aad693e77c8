/** A tiny service that uses common's auto-configurations, for the integration tests of problems and security. */
@NullMarked
package dev.shop.common.testapp;

import org.jspecify.annotations.NullMarked;
