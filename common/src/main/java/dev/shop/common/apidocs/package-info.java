/**
 * The conventions every service's OpenAPI document follows: the gateway as the only server, one {@code Problem} schema
 * for every error, the error statuses of each operation, and Keycloak's authorization-code flow as the way to get a
 * token.
 */
@NullMarked
package dev.shop.common.apidocs;

import org.jspecify.annotations.NullMarked;
