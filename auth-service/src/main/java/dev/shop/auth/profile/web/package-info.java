/** HTTP API of the caller's own profile: {@code GET /api/auth/me}. */
@NullMarked
package dev.shop.auth.profile.web;

import org.jspecify.annotations.NullMarked;
