/** Profiles: one row per user, keyed by the Keycloak {@code sub}. */
@NullMarked
package dev.shop.auth.profile;

import org.jspecify.annotations.NullMarked;
