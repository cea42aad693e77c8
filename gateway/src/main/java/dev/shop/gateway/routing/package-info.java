/** Calls to the services: circuit breakers, and the problems that answer for a service that is down or slow. */
@NullMarked
package dev.shop.gateway.routing;

import org.jspecify.annotations.NullMarked;
