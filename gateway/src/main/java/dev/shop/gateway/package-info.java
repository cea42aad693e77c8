/** The gateway: routing to the services, edge token check, rate limits, circuit breakers, CORS and edge headers. */
@NullMarked
package dev.shop.gateway;

import org.jspecify.annotations.NullMarked;
