/**
 * The storefront: the browser client of the shop (module {@code storefront}, built into static files on the class
 * path), served by the gateway on the origin of the API, with its configuration, its page addresses, a strict
 * Content-Security-Policy and cache headers.
 */
@NullMarked
package dev.shop.gateway.storefront;

import org.jspecify.annotations.NullMarked;
