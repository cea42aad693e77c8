/** HTTP API of user administration: {@code GET /api/auth/users}, {@code PUT /api/auth/users/{id}/roles}. */
@NullMarked
package dev.shop.auth.admin.web;

import org.jspecify.annotations.NullMarked;
