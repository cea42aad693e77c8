/** Registration: the user in Keycloak, then the profile and {@code UserRegistered} in one transaction, compensated on failure. */
@NullMarked
package dev.shop.auth.registration;

import org.jspecify.annotations.NullMarked;
