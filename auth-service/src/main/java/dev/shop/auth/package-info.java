/** auth-service: registration, tokens from Keycloak, profiles and admin role management (port 8081, database {@code auth}). */
@NullMarked
package dev.shop.auth;

import org.jspecify.annotations.NullMarked;
