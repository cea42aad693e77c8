/** Keycloak over HTTP with WebClient: the token endpoint and the Admin REST API, with timeouts, never blocking. */
@NullMarked
package dev.shop.auth.keycloak;

import org.jspecify.annotations.NullMarked;
