/** Wiring of the service: its access rules and its OpenAPI document. */
@NullMarked
package dev.shop.auth.config;

import org.jspecify.annotations.NullMarked;
