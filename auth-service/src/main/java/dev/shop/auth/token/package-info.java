/** Tokens: the password grant, refresh and logout, proxied to Keycloak with one answer for every bad credential. */
@NullMarked
package dev.shop.auth.token;

import org.jspecify.annotations.NullMarked;
