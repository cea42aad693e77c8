/** Security defaults of a stateless resource server: Keycloak JWTs, realm roles, problem answers for 401 and 403. */
@NullMarked
package dev.shop.common.security;

import org.jspecify.annotations.NullMarked;
