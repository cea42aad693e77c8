/** The edge token check: which paths are public, and the cache of validated access tokens. */
@NullMarked
package dev.shop.gateway.security;

import org.jspecify.annotations.NullMarked;
