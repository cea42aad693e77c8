/** Test support shipped in common's test-jar: tokens signed like Keycloak's, for services' integration tests. */
@NullMarked
package dev.shop.common.security.test;

import org.jspecify.annotations.NullMarked;
